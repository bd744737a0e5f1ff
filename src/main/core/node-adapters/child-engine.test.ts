// The adapter forks real processes: a stand-in engine that says 'ready' at once, as the real
// one does, and echoes what it is sent.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { EngineToMain } from '../../../shared/engine-protocol'
import { childProcessEngine, prestartEngine } from './child-engine'

const dir = mkdtempSync(join(tmpdir(), 'ferry-child-engine-'))
const entry = join(dir, 'stand-in-engine.mjs')
writeFileSync(
  entry,
  `process.send({ type: 'ready', pid: process.pid })
process.on('message', (m) => process.send({ type: 'echo', m }))
process.on('disconnect', () => process.exit(0))
`,
)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function launchAndHear(env: NodeJS.ProcessEnv) {
  const engine = childProcessEngine(entry, env)()
  const heard: EngineToMain[] = []
  const exited = new Promise<number | null>((r) => engine.onExit(r))
  engine.onMessage((m) => heard.push(m))
  return { engine, heard, exited }
}

describe('prestartEngine', () => {
  it('the launcher takes over the early process, with the ready message it sent before anyone listened', async () => {
    const env = { ...process.env, FERRY_TEST_MARK: 'a' }
    const early = prestartEngine(entry, env)
    expect(early).toBeGreaterThan(0)
    // Long enough for 'ready' to arrive while nobody listens (a ChildProcess drops such
    // messages) on a quiet machine; on a busy one it may come later, and must come once either way.
    await sleep(600)
    const { engine, heard, exited } = launchAndHear({ ...env })
    expect(engine.pid).toBe(early)
    await expect.poll(() => heard).toEqual([{ type: 'ready', pid: early }])
    engine.send({ type: 'shutdown' })
    await expect.poll(() => heard.length).toBe(2)
    expect(heard[1]).toEqual({ type: 'echo', m: { type: 'shutdown' } })
    engine.kill()
    await exited
  })

  it('a launcher for another environment forks its own engine and stops the early one', async () => {
    const early = prestartEngine(entry, { ...process.env, FERRY_TEST_MARK: 'b' })!
    const { engine, heard, exited } = launchAndHear({ ...process.env, FERRY_TEST_MARK: 'c' })
    expect(engine.pid).not.toBe(early)
    await expect.poll(() => heard).toEqual([{ type: 'ready', pid: engine.pid }])
    await expect.poll(() => alive(early)).toBe(false)
    engine.kill()
    await exited
  })

  it('an early engine that died is not taken: the launcher forks a live one', async () => {
    const early = prestartEngine(entry, process.env)!
    process.kill(early, 'SIGKILL')
    await expect.poll(() => alive(early)).toBe(false)
    await sleep(100)
    const { engine, heard, exited } = launchAndHear(process.env)
    expect(engine.pid).not.toBe(early)
    await expect.poll(() => heard).toEqual([{ type: 'ready', pid: engine.pid }])
    engine.kill()
    await exited
  })
})
