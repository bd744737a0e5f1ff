// kill -9 of the whole `ferry sync` process group (CLI and engine) in the middle of an upload,
// then the same command again: every object byte for byte, no multipart upload left open (the
// cut-short file resumed from its journal, not started beside it), nothing lost. The other
// direction likewise: killed mid-download, `ferry resume --all` sends the person to the sync
// (it cannot plan a sync again), and the same sync fetches only what it had not.
import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient } from '../support/s3'
import { cliEnv, digestsOf, folderContents, prefixContents, syncJson } from './sync-support'
import {
  ferryBin,
  killWhen,
  MiB,
  openUploads,
  root,
  runFerry,
  slowLink,
  tempDir,
  waitUntil,
  writeRandomFile,
} from './upload-support'

describe('a sync killed mid-upload, run again', () => {
  const s3 = testClient()
  const tmp = tempDir('synckill')
  let link: Awaited<ReturnType<typeof slowLink>>

  beforeAll(async () => {
    link = await slowLink(25 * MiB)
  })
  afterAll(async () => {
    await link.close()
    tmp.cleanup()
  })

  it('finishes every file, resuming the one cut short, with no duplicate upload', async () => {
    const bucket = await freshBucket(s3, 'synckill')
    const folder = join(tmp.dir, 'tree')
    mkdirSync(join(folder, 'small'), { recursive: true })
    for (const name of ['1.bin', '2.bin', '3.bin']) writeRandomFile(join(folder, name), 16 * MiB + 5)
    for (let i = 0; i < 40; i++) writeRandomFile(join(folder, 'small', `s${i}.txt`), 1000 + i)
    const env = cliEnv(join(tmp.dir, 'state'), link.connection.endpoint)
    const args = [
      folder,
      `s3://${bucket}/tree/`,
      '--part-size',
      '5MiB',
      '--concurrency',
      '2',
      '--transfers',
      '2',
    ]

    const child = spawn(process.execPath, [ferryBin, 'sync', ...args], {
      cwd: root,
      env,
      detached: true,
      stdio: 'ignore',
    })
    const exited = new Promise((r) => child.on('exit', r))
    let open: { key: string; uploadId: string }[] = []
    const poll = setInterval(() => {
      void openUploads(s3, bucket).then((u) => (open = u))
    }, 25)
    try {
      await waitUntil('a multipart upload is open', () => open.length > 0)
    } finally {
      clearInterval(poll)
    }
    process.kill(-child.pid!, 'SIGKILL')
    await exited
    const cutShort = (await openUploads(s3, bucket)).map((u) => u.key)
    expect(cutShort.length).toBeGreaterThan(0)

    const again = await syncJson(args, env)
    expect(again.stderr).toBe('')
    expect(again.code).toBe(0)
    expect(again.summary).toMatchObject({ failed: 0 })
    const resumed = again.events.filter((e) => e['event'] === 'transferred' && e['resumed'] === true)
    expect(resumed.map((e) => e['key'])).toEqual(expect.arrayContaining(cutShort))
    expect(await openUploads(s3, bucket)).toEqual([])
    expect(digestsOf(await prefixContents(s3, bucket, 'tree/'))).toEqual(digestsOf(folderContents(folder)))

    const third = await syncJson(args, env)
    expect(third.moved).toEqual([])
    expect(third.summary).toMatchObject({ uploaded: 0, skipped: 43 })
  })

  it('killed mid-download: resume --all says to run the sync again, which fetches only the rest', async () => {
    const bucket = await freshBucket(s3, 'syncdlkill')
    const source = join(tmp.dir, 'source')
    mkdirSync(source)
    const sizes = new Map<string, number>()
    for (let i = 0; i < 30; i++) sizes.set(`s${String(i).padStart(2, '0')}.bin`, 256 * 1024 + i)
    sizes.set('big.bin', 12 * MiB)
    for (const [name, size] of sizes) {
      const body = writeRandomFile(join(source, name), size)
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `tree/${name}`, Body: body }))
    }
    const folder = join(tmp.dir, 'mirror')
    const stateDir = join(tmp.dir, 'dlstate')
    const env = cliEnv(stateDir)
    const args = [`s3://${bucket}/tree/`, folder, '--max-rate', '4MiB', '--transfers', '2']
    const sets = join(stateDir, 'transfers', 'download-sets')
    const done = () => {
      try {
        const [name] = readdirSync(sets)
        return readFileSync(join(sets, name!), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('{"t":"done"')).length
      } catch {
        return 0
      }
    }
    await killWhen(['sync', ...args], env, 'a few files are in place', () => done() >= 4, 60_000)
    const before = done()
    expect(before).toBeLessThan(sizes.size)

    const resumed = await runFerry(['resume', '--all'], env)
    expect(resumed.stderr).toContain('is the download side of a ferry sync into')
    expect(resumed.stderr).toContain('Run the same ferry sync command again')
    expect(resumed.code).not.toBe(0)

    const again = await syncJson(args, env)
    expect(again.stderr).toBe('')
    expect(again.code).toBe(0)
    expect(again.summary).toMatchObject({ failed: 0 })
    // What the killed run placed was not fetched again.
    expect(again.moved.length).toBeLessThanOrEqual(sizes.size - before)
    expect(digestsOf(folderContents(folder))).toEqual(digestsOf(folderContents(source)))
  })
})
