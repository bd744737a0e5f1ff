// The adapter forks real processes: a stand-in engine that says 'ready' at once, as the real
// one does, and echoes what it is sent.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { EngineToMain } from '../../../shared/engine-protocol'
import { childProcessEngine } from './child-engine'

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

describe('childProcessEngine', () => {
  it('forks the entry, passes messages both ways, and reports the kill as an exit by signal', async () => {
    const engine = childProcessEngine(entry)()
    const heard: EngineToMain[] = []
    const exited = new Promise<number | null>((r) => engine.onExit(r))
    engine.onMessage((m) => heard.push(m))
    await expect.poll(() => heard).toEqual([{ type: 'ready', pid: engine.pid }])
    engine.send({ type: 'shutdown' })
    await expect.poll(() => heard.length).toBe(2)
    expect(heard[1]).toEqual({ type: 'echo', m: { type: 'shutdown' } })
    engine.kill()
    expect(await exited).toBeNull()
  })
})
