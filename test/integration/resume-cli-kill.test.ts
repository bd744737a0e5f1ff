// kill -9 of the whole `ferry upload` process group (CLI and engine) mid-upload, then
// `ferry resume ID --json` in a new process.
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient, testConnection } from '../support/s3'
import {
  ferryBin,
  journaledParts,
  MiB,
  openUploads,
  readObject,
  root,
  runFerry,
  slowLink,
  tempDir,
  waitUntil,
  writeRandomFile,
} from './upload-support'

function cliEnv(stateDir: string, endpoint: string): NodeJS.ProcessEnv {
  const c = testConnection()
  return {
    ...process.env,
    FERRY_STATE_DIR: stateDir,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: c.credentials!.accessKeyId,
    AWS_SECRET_ACCESS_KEY: c.credentials!.secretAccessKey,
    AWS_REGION: c.region,
  }
}

describe('the CLI killed mid-upload', () => {
  const s3 = testClient()
  const tmp = tempDir('clikill')
  const stateDir = join(tmp.dir, 'state')
  let link: Awaited<ReturnType<typeof slowLink>>

  beforeAll(async () => {
    link = await slowLink(25 * MiB)
  })
  afterAll(async () => {
    await link.close()
    tmp.cleanup()
  })

  it('resumes from the journal in a new process and uploads the file byte for byte', async () => {
    const bucket = await freshBucket(s3, 'clikill')
    const path = join(tmp.dir, 'data.bin')
    const bytes = writeRandomFile(path, 42 * MiB)
    const env = cliEnv(stateDir, link.connection.endpoint)
    const child = spawn(
      process.execPath,
      [
        ferryBin,
        'upload',
        path,
        `s3://${bucket}/data.bin`,
        '--part-size',
        '5MiB',
        '--concurrency',
        '2',
        '--json',
      ],
      {
        cwd: root,
        env,
        detached: true,
        stdio: 'ignore',
      },
    )
    const exited = new Promise((r) => child.on('exit', r))
    const journalDir = join(stateDir, 'transfers')
    let journal = ''
    await waitUntil('two parts are journaled', () => {
      const names = (() => {
        try {
          return readdirSync(journalDir)
        } catch {
          return []
        }
      })()
      if (names[0]) journal = join(journalDir, names[0])
      return journal !== '' && journaledParts(journal).length >= 2
    })
    // The whole group: the CLI and the engine it forked die without a chance to clean up.
    process.kill(-child.pid!, 'SIGKILL')
    await exited
    const journaled = new Set(journaledParts(journal)).size
    const id = journal.split('/').pop()!.replace('.journal', '')

    const listed = await runFerry(['transfers', '--json'], env)
    const entry = JSON.parse(listed.stdout.trim().split('\n')[0]!)
    expect(entry).toMatchObject({ id, state: 'failed', key: 'data.bin', error: { retryable: true } })

    const resumed = await runFerry(['resume', id, '--json'], env)
    expect(resumed.stderr).toBe('')
    expect(resumed.code).toBe(0)
    const events = resumed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    const summary = events.find((e) => e['event'] === 'summary')!
    const partCount = 9
    expect(summary).toMatchObject({ id, state: 'done', key: 'data.bin', bytes: bytes.length, verified: true })
    expect(summary['etag']).toMatch(/^[0-9a-f]{32}-9$/)
    expect(summary['partsReused'] as number).toBeGreaterThanOrEqual(journaled)
    expect(summary['partsUploaded'] as number).toBeLessThanOrEqual(
      partCount - (summary['partsReused'] as number),
    )
    expect((summary['partsUploaded'] as number) + (summary['partsReused'] as number)).toBe(partCount)
    expect((await readObject(s3, bucket, 'data.bin')).equals(bytes)).toBe(true)
    expect(await openUploads(s3, bucket)).toEqual([])
  })
})
