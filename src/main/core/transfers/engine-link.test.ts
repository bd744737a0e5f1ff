// The bandwidth limit a host gives the link reaches every engine it starts, ahead of any
// request, and the running one at each change.
import { describe, expect, it } from 'vitest'
import type { EngineToMain, MainToEngine } from '../../../shared/engine-protocol'
import type { EngineProcess } from '../ports'
import { EngineLink, type LiveLimit } from './engine-link'

class Engine implements EngineProcess {
  readonly received: MainToEngine[] = []
  ready: () => void = () => undefined
  exit: (code: number | null) => void = () => undefined
  send(message: MainToEngine): void {
    this.received.push(message)
    if (message.type === 'shutdown') this.exit(0)
  }
  onMessage(listener: (m: EngineToMain) => void): void {
    this.ready = () => listener({ type: 'ready', pid: 1 })
  }
  onExit(listener: (code: number | null) => void): void {
    this.exit = listener
  }
  kill(): void {
    this.exit(null)
  }
}

/** A setting the test changes, as the Settings dialog would. */
class Setting implements LiveLimit {
  readonly #listeners = new Set<(n: number) => void>()
  constructor(public value: number) {}
  current = () => this.value
  onChanged = (listener: (n: number) => void) => {
    this.#listeners.add(listener)
    return () => void this.#listeners.delete(listener)
  }
  set(value: number): void {
    this.value = value
    for (const l of this.#listeners) l(value)
  }
  get listeners(): number {
    return this.#listeners.size
  }
}

const resume = (transferId: string) =>
  ({
    type: 'resume',
    transferId,
    journalDir: '/j',
    connection: { endpoint: 'e', region: 'r', pathStyle: true },
  }) as const

const linkWith = (limit?: LiveLimit) => {
  const engines: Engine[] = []
  const link = new EngineLink(
    () => {
      const e = new Engine()
      engines.push(e)
      return e
    },
    () => undefined,
    limit,
  )
  return { link, engines }
}

describe('EngineLink and the bandwidth limit', () => {
  it('tells each engine it starts the limit first, and the running one every change', async () => {
    const setting = new Setting(256 * 1024)
    const { link, engines } = linkWith(setting)
    // Nothing starts for it.
    setting.set(512 * 1024)
    expect(engines).toHaveLength(0)
    void link.request(resume('a'))
    engines[0]!.ready()
    expect(engines[0]!.received).toMatchObject([
      { type: 'bandwidth', bytesPerSecond: 512 * 1024 },
      { type: 'resume' },
    ])
    // Changed while it runs: sent at once; saved again unchanged (another setting): not sent.
    setting.set(0)
    setting.set(0)
    expect(engines[0]!.received.slice(2)).toEqual([{ type: 'bandwidth', bytesPerSecond: 0 }])
    // A crash: the next engine starts under the last limit, before the request that starts it.
    engines[0]!.exit(null)
    void link.request(resume('b'))
    engines[1]!.ready()
    expect(engines[1]!.received).toMatchObject([{ type: 'bandwidth', bytesPerSecond: 0 }, { type: 'resume' }])
    await link.close()
    expect(setting.listeners).toBe(0)
  })

  it('sends no limit when the host gives none (the CLI: each job carries its own)', () => {
    const { link, engines } = linkWith()
    void link.request(resume('a'))
    engines[0]!.ready()
    expect(engines[0]!.received.map((m) => m.type)).toEqual(['resume'])
  })
})
