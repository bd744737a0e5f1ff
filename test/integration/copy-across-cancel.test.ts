// A copy set to another connection killed with -9 while an object streamed (its own upload
// journal, its multipart upload open on the destination): the set's journal names the stream,
// so `ferry cancel ID` cancels it too, and the same command again cancels it before streaming
// the object anew; either way nothing is left open or listed. `ferry resume` does not finish
// the stream apart from its set.
// Run as the built CLI against radosgw; the destination is radosgw behind a proxy (another
// endpoint to Ferry) that holds back the answer to the first part, so the kill lands mid-stream.
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { cliStateEnv, jsonLines } from './objects-support'
import { killWhen, MiB, openUploads, readObject, runFerry, tempDir } from './upload-support'

const s3 = testClient()
const tmp = tempDir('cpxcancel')
const SLOW = 120_000
// Far longer than the kill takes to land, short enough not to hold the test worker open after.
const HOLD_MS = 20_000

describe('ferry cancel of a copy set to another connection, killed mid-stream', () => {
  let proxy: FaultProxy
  beforeAll(async () => {
    proxy = await startFaultProxy(testConnection().endpoint)
  })
  afterAll(async () => {
    await proxy.close()
    tmp.cleanup()
  })

  const setRecords = (stateDir: string): Record<string, string>[] => {
    const dir = join(stateDir, 'transfers', 'moves')
    const [name] = existsSync(dir) ? readdirSync(dir) : []
    if (!name) return []
    return readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{"t":"stream'))
      .map((l) => JSON.parse(l) as Record<string, string>)
  }

  /** 12 MiB under src/, then `ferry cp` to the other endpoint killed with the stream's upload open. */
  async function killedMidStream(label: string) {
    const bucket = await freshBucket(s3, label)
    const other = await freshBucket(s3, `${label}o`)
    const bytes = randomBytes(12 * MiB)
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src/big.bin', Body: bytes }))
    const stateDir = join(tmp.dir, label)
    const env = cliStateEnv(stateDir)
    const to = ['--to-endpoint', proxy.endpoint, '--part-size', '5MiB', '--concurrency', '1']
    const args = ['cp', `s3://${bucket}/src/`, `s3://${other}/dst/`, ...to, '--json']
    const isPart = (r: { method: string; url: string }) =>
      r.method === 'PUT' && r.url.includes(`/${other}/dst/big.bin?`) && r.url.includes('partNumber=')
    proxy.script({ status: 200, code: 'Held', holdMs: HOLD_MS, match: isPart })
    let uploadId = ''
    await killWhen(args, env, 'the stream has its upload open, its first part held', async () => {
      if (!proxy.log.some((r) => isPart(r) && r.fault === 'stall')) return false
      uploadId = (await openUploads(s3, other)).find((u) => u.key === 'dst/big.bin')?.uploadId ?? ''
      return uploadId !== ''
    })
    const [started, ...rest] = setRecords(stateDir)
    expect(started).toMatchObject({ t: 'stream', k: 'src/big.bin' })
    expect(rest).toEqual([])
    const streamId = started!['id']!
    const listed = jsonLines((await runFerry(['transfers', '--json'], env)).stdout)
    const setId = String(listed.find((t) => String(t['source']).endsWith('/src/'))?.['id'])
    // The stream is a transfer of its own, listed beside the set.
    expect(listed.map((t) => t['id'])).toContain(streamId)
    return { bucket, other, bytes, stateDir, env, args, uploadId, streamId, setId }
  }

  it(
    'cancels the stream the set started: its multipart upload aborted, its journal gone',
    async () => {
      const { bucket, other, stateDir, env, uploadId, streamId, setId } = await killedMidStream('cpxcancel')
      const dry = await runFerry(['cancel', setId, '--dry-run'], env)
      expect(dry.stdout).toContain(
        `would cancel ${streamId}, the unfinished stream of s3://${bucket}/src/big.bin\n`,
      )
      expect(await openUploads(s3, other)).toEqual([{ key: 'dst/big.bin', uploadId }])

      const cancelled = await runFerry(['cancel', setId, '--json'], env)
      expect(cancelled.stderr).toBe('')
      expect(cancelled.code).toBe(0)
      expect(jsonLines(cancelled.stdout)[0]).toMatchObject({
        event: 'cancelled',
        id: setId,
        streams: [streamId],
      })
      expect(await openUploads(s3, other)).toEqual([])
      const after = jsonLines((await runFerry(['transfers', '--json'], env)).stdout)
      expect(after.filter((t) => t['id'] === setId || t['id'] === streamId)).toEqual([])
      expect(readdirSync(join(stateDir, 'transfers', 'moves'))).toEqual([])
    },
    SLOW,
  )

  it(
    'the same command again cancels the stream the killed run left, then streams the object anew',
    async () => {
      const { other, bytes, stateDir, env, args, streamId } = await killedMidStream('cpxagain')
      const again = await runFerry(args, env)
      expect(again.stderr).toBe('')
      expect(again.code).toBe(0)
      expect((await readObject(s3, other, 'dst/big.bin')).equals(bytes)).toBe(true)
      expect(await openUploads(s3, other)).toEqual([])
      // Settled before the object streamed again, as a new transfer that settled too.
      const records = setRecords(stateDir).map((r) => [r['t'], r['id'] === streamId ? 'old' : 'new'])
      expect(records).toEqual([
        ['stream', 'old'],
        ['stream-settled', 'old'],
        ['stream', 'new'],
        ['stream-settled', 'new'],
      ])
      const after = jsonLines((await runFerry(['transfers', '--json'], env)).stdout)
      expect(after.find((t) => t['id'] === streamId)).toBeUndefined()
    },
    SLOW,
  )

  it(
    'ferry resume leaves the stream to its set: --all passes it over, by its ID it is refused, naming the set',
    async () => {
      const { other, bytes, env, args, uploadId, streamId, setId } = await killedMidStream('cpxresume')
      // The set itself needs the other connection's credentials, which ferry resume does not take.
      const all = await runFerry(['resume', '--all'], env)
      expect(all.stderr).toContain(`the copy ${setId} goes to another connection`)
      expect(all.code).not.toBe(0)
      // Not tried on its own: it would fail ("the password for URL is not kept"), and finished
      // on its own it would be streamed again by the set's next run.
      expect(all.stderr).not.toContain(streamId)
      expect(await openUploads(s3, other)).toEqual([{ key: 'dst/big.bin', uploadId }])
      const one = await runFerry(['resume', streamId], env)
      expect(one.stderr).toContain(
        `transfer ${streamId} streams an object of the copy ${setId}, which has not finished`,
      )
      expect(one.stderr).toContain(`ferry cancel ${setId}`)
      expect(one.code).not.toBe(0)
      expect(await openUploads(s3, other)).toEqual([{ key: 'dst/big.bin', uploadId }])
      // The set's own command settles the stream and finishes the copy.
      const again = await runFerry(args, env)
      expect(again.code).toBe(0)
      expect((await readObject(s3, other, 'dst/big.bin')).equals(bytes)).toBe(true)
      expect(await openUploads(s3, other)).toEqual([])
    },
    SLOW,
  )
})
