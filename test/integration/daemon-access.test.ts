// Who may talk to the daemon, and how many daemons may run: the socket is the user's alone
// (0600 in a 0700 folder), and one daemon holds a state folder and a socket path.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GetObjectCommand } from '@aws-sdk/client-s3'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { daemonEnv, ferry, startDaemon, type DaemonProcess } from './daemon-support'
import { ferryBin, root, tempDir } from './upload-support'

const isRoot = process.getuid?.() === 0
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p))

/** Runs `ferry ARGS` as the user nobody (root only: it needs to change uid). */
function ferryAsNobody(args: string[], env: NodeJS.ProcessEnv): { code: number | null; stderr: string } {
  const out = spawnSync(
    setpriv!,
    ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ferryBin, ...args],
    { cwd: root, env: { ...env, HOME: '/nonexistent' }, encoding: 'utf8' },
  )
  return { code: out.status, stderr: out.stderr }
}

describe('access to the daemon', () => {
  const tmp = tempDir('daccess')
  const stateDir = join(tmp.dir, 'state')
  const env = daemonEnv(stateDir)
  const socket = join(stateDir, 'daemon', 'ferry.sock')
  let daemon: DaemonProcess | undefined
  let bucket = ''

  beforeAll(async () => {
    bucket = await freshBucket(testClient(), 'daccess')
    // Another user must be able to reach the test file and the state folder's parent, so
    // that only the daemon's own folder and socket are what stops them.
    chmodSync(tmp.dir, 0o755)
    daemon = await startDaemon(env)
    chmodSync(stateDir, 0o755)
  })
  afterAll(async () => {
    expect(await daemon?.stop()).toBe(0)
    tmp.cleanup()
  })

  it('creates the socket 0600 inside a 0700 folder', () => {
    expect((statSync(join(stateDir, 'daemon')).mode & 0o777).toString(8)).toBe('700')
    const s = statSync(socket)
    expect(s.isSocket()).toBe(true)
    expect((s.mode & 0o777).toString(8)).toBe('600')
  })

  it("refuses another user's process, by the folder and by the socket itself", async () => {
    const file = join(tmp.dir, 'theirs.txt')
    writeFileSync(file, 'from another user')
    chmodSync(file, 0o644)
    if (!isRoot || !setpriv) {
      console.log(
        `daemon-access: cannot start a process as another user here (${isRoot ? 'no setpriv' : 'not root'}); the modes above are what refuses one`,
      )
      return
    }
    const denied = ferryAsNobody(['send', file, `s3://${bucket}/theirs.txt`], env)
    expect(denied.code).toBe(1)
    expect(denied.stderr).toBe(
      `ferry: cannot open the daemon socket ${socket} (permission denied: it belongs to another user). Fix: Run ferry send as the user the daemon runs as, or start your own daemon (ferry daemon &).\n`,
    )
    // A socket put where others can reach it (--socket in a shared folder) still refuses them.
    chmodSync(join(stateDir, 'daemon'), 0o755)
    try {
      const direct = ferryAsNobody(['send', '--socket', socket, file, `s3://${bucket}/theirs.txt`], env)
      expect(direct.code).toBe(1)
      expect(direct.stderr).toContain('permission denied')
    } finally {
      chmodSync(join(stateDir, 'daemon'), 0o700)
    }
    // The owner gets through the same socket.
    const mine = await ferry(['send', file, `s3://${bucket}/mine.txt`], env)
    expect(mine).toMatchObject({ code: 0, stderr: '' })
  })

  it('runs one daemon per state folder and per socket', async () => {
    const second = await ferry(['daemon'], env)
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(
      new RegExp(
        `^ferry: a Ferry daemon already runs for this state folder \\(pid ${daemon!.pid}, since .*, socket ${socket}\\)`,
      ),
    )
    const elsewhere = await ferry(['daemon', '--socket', socket], daemonEnv(join(tmp.dir, 'other-state')))
    expect(elsewhere.code).toBe(1)
    expect(elsewhere.stderr).toContain(`ferry: another daemon already listens on ${socket}.`)
    // The refused daemons touched nothing: the first one still answers.
    const file = join(tmp.dir, 'still.txt')
    writeFileSync(file, 'still here')
    expect(await ferry(['send', file, `s3://${bucket}/still.txt`], env)).toMatchObject({
      code: 0,
      stderr: '',
    })
  })

  it("takes the ALIAS as the name of a saved connection (the app's settings file)", async () => {
    const otherState = join(tmp.dir, 'state-alias')
    mkdirSync(otherState, { recursive: true })
    const c = testConnection()
    const connection = {
      id: 'c1',
      name: 'rgw',
      endpoint: c.endpoint,
      region: c.region,
      pathStyle: true,
      profile: '',
      accessKeyId: c.credentials!.accessKeyId,
      defaultBucket: '',
    }
    writeFileSync(join(otherState, 'ferry-settings.json'), JSON.stringify({ connections: [connection] }))
    // The daemon's own endpoint leads nowhere: only the saved connection's can store the file.
    const aliasEnv = daemonEnv(otherState, 'http://127.0.0.1:9')
    const aliased = await startDaemon(aliasEnv)
    try {
      const file = join(tmp.dir, 'aliased.txt')
      writeFileSync(file, 'through the saved connection')
      expect(await ferry(['send', file, `rgw/${bucket}/aliased.txt`], aliasEnv)).toMatchObject({
        code: 0,
        stderr: '',
      })
      const out = await testClient().send(new GetObjectCommand({ Bucket: bucket, Key: 'aliased.txt' }))
      expect(await out.Body!.transformToString()).toBe('through the saved connection')
    } finally {
      expect(await aliased.stop()).toBe(0)
    }
  })
})
