// The in-process adapter loads a real module from a file, as the CLI loads the built engine:
// here a stand-in that says 'ready', echoes what it receives, keeps what it is sent, and
// reports an object it changes afterwards.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { EngineToMain, MainToEngine } from '../../../shared/engine-protocol'
import { inProcessEngine } from './in-process-engine'

const dir = mkdtempSync(join(tmpdir(), 'ferry-in-process-engine-'))
const entry = join(dir, 'stand-in-engine.mjs')
writeFileSync(
  entry,
  `export const kept = []
export let stops = 0
export function startEngine(post) {
  post({ type: 'ready', pid: process.pid })
  return {
    receive(m) {
      if (m.type === 'cancel') throw new Error('a bug in the engine')
      kept.push(m)
      const note = { code: 'echo', message: m.type }
      post({ type: 'note', transferId: 't', note })
      note.message = 'changed by the engine after it was sent'
    },
    async stop() {
      stops++
      await new Promise((r) => setTimeout(r, 20))
      post({ type: 'paused', requestId: 'r', transferId: 't' })
    },
  }
}
`,
)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const standIn = async () => (await import(entry)) as { kept: MainToEngine[]; stops: number }

function launch(path = entry) {
  const engine = inProcessEngine(path)()
  const heard: EngineToMain[] = []
  const exited = new Promise<number | null>((r) => engine.onExit(r))
  engine.onMessage((m) => heard.push(m))
  return { engine, heard, exited }
}

const pause: MainToEngine = { type: 'pause', transferId: 't' }

describe('inProcessEngine', () => {
  it('hears ready, passes copies both ways, and exits with 0 after the last message of a shutdown', async () => {
    const { engine, heard, exited } = launch()
    expect(engine.pid).toBeUndefined()
    await expect.poll(() => heard).toEqual([{ type: 'ready', pid: process.pid }])
    const sent = { ...pause }
    engine.send(sent)
    sent.transferId = 'changed by main after it was sent'
    await expect.poll(() => heard.length).toBe(2)
    expect(heard[1]).toEqual({ type: 'note', transferId: 't', note: { code: 'echo', message: 'pause' } })
    expect((await standIn()).kept.at(-1)).toEqual(pause)

    engine.send({ type: 'shutdown' })
    expect(await exited).toBe(0)
    expect(heard.at(-1)).toEqual({ type: 'paused', requestId: 'r', transferId: 't' })
    engine.send(pause)
    await new Promise((r) => setTimeout(r, 20))
    expect(heard).toHaveLength(3)
  })

  it('kill reports an exit by signal at once, stops the jobs, and nothing more is heard', async () => {
    const { engine, heard, exited } = launch()
    await expect.poll(() => heard.length).toBe(1)
    const stopsBefore = (await standIn()).stops
    engine.kill()
    expect(await exited).toBeNull()
    await expect.poll(async () => (await standIn()).stops).toBe(stopsBefore + 1)
    await new Promise((r) => setTimeout(r, 40))
    expect(heard).toHaveLength(1)
  })

  it('an engine that throws on a message is an exit with 1, said on stderr, its jobs stopped', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      const { engine, heard, exited } = launch()
      await expect.poll(() => heard.length).toBe(1)
      const stopsBefore = (await standIn()).stops
      engine.send({ type: 'cancel', requestId: 'r', transferId: 't', journalDir: '/nowhere' })
      expect(await exited).toBe(1)
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/transfer engine stopped: Error: a bug in the engine/)
      await expect.poll(async () => (await standIn()).stops).toBe(stopsBefore + 1)
    } finally {
      stderr.mockRestore()
    }
  })

  it('an engine module that does not load is an exit with 1, said on stderr', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      const { exited } = launch(join(dir, 'missing.mjs'))
      expect(await exited).toBe(1)
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/transfer engine stopped: .*missing\.mjs/)
    } finally {
      stderr.mockRestore()
    }
  })
})
