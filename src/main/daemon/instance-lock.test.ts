import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { acquireInstanceLock } from './instance-lock'

const dirs: string[] = []
const lockPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-lock-'))
  dirs.push(dir)
  return join(dir, 'daemon.lock')
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('acquireInstanceLock', () => {
  it('names this process in the lock and removes it on release', async () => {
    const path = lockPath()
    const lock = await acquireInstanceLock(path, '/s.sock')
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      process: { pid: process.pid },
      socket: '/s.sock',
    })
    await lock.release()
    expect(existsSync(path)).toBe(false)
  })

  it('refuses while another live process holds it', async () => {
    const path = lockPath()
    const holder = spawn('sleep', ['30'])
    try {
      writeFileSync(
        path,
        JSON.stringify({ process: { pid: holder.pid }, startedAt: 'then', socket: '/other.sock' }),
      )
      await expect(acquireInstanceLock(path, '/s.sock')).rejects.toThrow(
        `a Ferry daemon already runs for this state folder (pid ${holder.pid}, since then, socket /other.sock)`,
      )
    } finally {
      holder.kill('SIGKILL')
    }
  })

  it('takes over the lock of a process that is gone, or a damaged lock', async () => {
    const gone = spawnSync('true').pid!
    for (const content of [JSON.stringify({ process: { pid: gone }, startedAt: 'then' }), '{"proc']) {
      const path = lockPath()
      writeFileSync(path, content)
      const lock = await acquireInstanceLock(path, '/s.sock')
      expect(JSON.parse(readFileSync(path, 'utf8')).process.pid).toBe(process.pid)
      await lock.release()
    }
  })
})
