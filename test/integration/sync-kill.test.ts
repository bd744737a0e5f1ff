// kill -9 of the whole `ferry sync` process group (CLI and engine) in the middle of an upload,
// then the same command again: every object byte for byte, no multipart upload left open (the
// cut-short file resumed from its journal, not started beside it), nothing lost.
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient } from '../support/s3'
import { cliEnv, digestsOf, folderContents, prefixContents, syncJson } from './sync-support'
import {
  ferryBin,
  MiB,
  openUploads,
  root,
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
})
