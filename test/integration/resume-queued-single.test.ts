// A small file's journal says 'queued' until its PUT is answered: the engine writes the
// single PUT's header together with its final record. A process killed between the PUT
// landing and that write leaves an object equal to the file behind a queued journal; the
// resume must take it as its own, and must still refuse a different object at the key.
import { spawnSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { journalQueued, queuedHeader } from '../../src/main/core/transfers/queued-journals'
import { parseJournal } from '../../src/main/journal/journal'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { cliEnv, jsonLines } from './objects-support'
import { readObject, runFerry, tempDir, writeRandomFile } from './upload-support'

describe('resume of a small file whose journal was still queued', () => {
  const s3 = testClient()
  const tmp = tempDir('queued-single')
  const stateDir = join(tmp.dir, 'state')
  const journalDir = join(stateDir, 'transfers')
  let bucket: string
  // A process that has exited: the journal's writer, so that the resume may take it over.
  const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'queued')
  })
  afterAll(() => tmp.cleanup())

  /** A queued journal as a killed `ferry upload` leaves it, and the id to resume. */
  async function queued(name: string): Promise<{ id: string; path: string; bytes: Buffer }> {
    const path = join(tmp.dir, name)
    const bytes = writeRandomFile(path, 70_000)
    const id = `queued-${name.replace(/\W/g, '')}`
    const { credentials: _, ...connection } = testConnection()
    const header = queuedHeader(
      { transferId: id, connection, source: path, bucket, key: name, headers: {}, ifExists: 'fail' },
      { size: bytes.length, mtimeMs: statSync(path).mtimeMs },
    )
    await journalQueued(journalDir, [{ ...header, pid: deadPid }])
    return { id, path, bytes }
  }

  /** `ferry resume ID --json`: its exit code, stderr and summary line. */
  async function resume(id: string) {
    const r = await runFerry(['resume', id, '--json'], cliEnv({ FERRY_STATE_DIR: stateDir }))
    return { ...r, summary: jsonLines(r.stdout).find((e) => e['event'] === 'summary') }
  }

  it('finishes verified when the object already equals the file (the PUT had landed)', async () => {
    const { id, bytes } = await queued('landed.bin')
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'landed.bin', Body: bytes }))

    const r = await resume(id)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.summary).toMatchObject({
      state: 'done',
      verified: true,
      partsUploaded: 0,
      partsReused: 1,
    })
    expect((await readObject(s3, bucket, 'landed.bin')).equals(bytes)).toBe(true)
    const path = join(journalDir, `${id}.journal`)
    const view = parseJournal(readFileSync(path, 'utf8'), path)
    expect(view.header.kind).toBe('single')
    expect(view.final?.status).toBe('done')
  })

  it('still refuses a different object at the key, which stays as it was', async () => {
    const { id } = await queued('other.bin')
    const theirs = Buffer.from('somebody else wrote this')
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'other.bin', Body: theirs }))

    const r = await resume(id)
    expect(r.code).toBe(1)
    expect(r.summary).toMatchObject({ state: 'failed', error: { code: 'destination-exists' } })
    expect((await readObject(s3, bucket, 'other.bin')).equals(theirs)).toBe(true)
  })

  it('uploads the file when nothing is at the key yet', async () => {
    const { id, bytes } = await queued('fresh.bin')
    const r = await resume(id)
    expect(r.code).toBe(0)
    expect(r.summary).toMatchObject({
      state: 'done',
      verified: true,
      partsUploaded: 1,
      partsReused: 0,
    })
    expect((await readObject(s3, bucket, 'fresh.bin')).equals(bytes)).toBe(true)
  })
})
