import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it } from 'vitest'
import { MiB } from '../../shared/s3-limits'
import { md5, multipartEtag } from './digests'
import {
  compareObjectWithFile,
  compareWithMd5,
  objectEqualsFile,
  verificationOf,
  type EqualVerdict,
} from './object-equals-file'

const dir = mkdtempSync(join(tmpdir(), 'ferry-equals-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, bytes: Buffer) {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return { path, size: bytes.length }
}
const md5Hex = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex')
const etagInParts = (bytes: Buffer, partSize: number) => {
  const digests: Buffer[] = []
  for (let at = 0; at < bytes.length; at += partSize) digests.push(md5(bytes.subarray(at, at + partSize)))
  return multipartEtag(digests)
}

const small = randomBytes(1000)
const big = randomBytes(11 * MiB + 3)

describe('compareObjectWithFile', () => {
  const smallFile = file('small.bin', small)
  const bigFile = file('big.bin', big)

  it('says equal for a plain MD5 ETag, quoted and upper-cased as servers send it', async () => {
    const verdict = await compareObjectWithFile(
      { etag: `"${md5Hex(small).toUpperCase()}"`, size: small.length },
      smallFile,
    )
    expect(verdict).toEqual({
      kind: 'equal',
      object: { etag: md5Hex(small), size: small.length },
      how: { method: 'md5-etag', localEtag: md5Hex(small) },
    })
  })

  it('says different, and why: other bytes, other size', async () => {
    const other = md5Hex(randomBytes(1000))
    expect(await compareObjectWithFile({ etag: other, size: 1000 }, smallFile)).toMatchObject({
      kind: 'different',
      reason: { kind: 'md5', localEtag: md5Hex(small) },
    })
    expect(await compareObjectWithFile({ etag: md5Hex(small), size: 999 }, smallFile)).toMatchObject({
      kind: 'different',
      reason: { kind: 'size', objectSize: 999, fileSize: 1000 },
    })
  })

  it('cannot tell from an ETag that is not an MD5 (SSE-KMS, other stores)', async () => {
    expect(await compareObjectWithFile({ etag: 'kms-etag', size: 1000 }, smallFile)).toEqual({
      kind: 'cannot-tell',
      object: { etag: 'kms-etag', size: 1000 },
      reason: 'opaque-etag',
    })
  })

  it("finds a common uploader's part size by itself, and a journaled one from the hints", async () => {
    const byAwsCli = await compareObjectWithFile(
      { etag: etagInParts(big, 8 * MiB), size: big.length },
      bigFile,
    )
    expect(byAwsCli).toMatchObject({
      kind: 'equal',
      how: { method: 'multipart-etag', partSize: 8 * MiB, partCount: 2 },
    })
    const odd = 6 * MiB + 4096
    let asked = 0
    const byJournal = await compareObjectWithFile(
      { etag: etagInParts(big, odd), size: big.length },
      bigFile,
      {
        partSizeHints: async () => {
          asked++
          return [odd]
        },
      },
    )
    expect(byJournal).toMatchObject({ kind: 'equal', how: { partSize: odd } })
    expect(asked).toBe(1)
  })

  it('trusts the first part size a HEAD ?partNumber=1 gave before any guess', async () => {
    const odd = 7 * MiB - 1
    const verdict = await compareObjectWithFile(
      { etag: etagInParts(big, odd), size: big.length, firstPartSize: odd },
      bigFile,
    )
    expect(verdict).toMatchObject({ kind: 'equal', how: { partSize: odd } })
  })

  it('says which part sizes it tried when none reproduces the ETag, and when none fits', async () => {
    const changed = Buffer.from(big)
    changed[9 * MiB] = changed[9 * MiB]! ^ 1
    const verdict = await compareObjectWithFile(
      { etag: etagInParts(changed, 8 * MiB), size: big.length },
      bigFile,
    )
    expect(verdict.kind).toBe('different')
    if (verdict.kind !== 'different' || verdict.reason.kind !== 'no-part-size-matches') throw new Error('no')
    expect(verdict.reason.tried).toContain(8 * MiB)
    expect(verdict.reason.tried.length).toBeLessThanOrEqual(4)
    const tooMany = `${md5Hex(small)}-2000`
    expect(await compareObjectWithFile({ etag: tooMany, size: small.length }, smallFile)).toMatchObject({
      kind: 'different',
      reason: { kind: 'no-part-size', partCount: 2000 },
    })
  })

  it('with a known part size tries only it: a plain MD5 then does not count', async () => {
    const verdict = await compareObjectWithFile(
      { etag: etagInParts(big, 8 * MiB), size: big.length },
      bigFile,
      {
        partSize: 5 * MiB,
      },
    )
    expect(verdict).toMatchObject({
      kind: 'different',
      reason: { kind: 'no-part-size-matches', tried: [5 * MiB] },
    })
    expect(
      await compareObjectWithFile({ etag: md5Hex(big), size: big.length }, bigFile, { partSize: 8 * MiB }),
    ).toMatchObject({ kind: 'different' })
    expect(
      await compareObjectWithFile({ etag: etagInParts(big, 8 * MiB), size: big.length }, bigFile, {
        partSize: 8 * MiB,
      }),
    ).toMatchObject({ kind: 'equal', how: { partSize: 8 * MiB } })
  })
})

describe('compareWithMd5', () => {
  it('judges by the MD5 in hand; a multipart ETag counts as different', () => {
    const hex = md5Hex(small)
    expect(compareWithMd5({ etag: `"${hex}"`, size: 1000 }, 1000, hex).kind).toBe('equal')
    expect(compareWithMd5({ etag: `${hex}-1`, size: 1000 }, 1000, hex).kind).toBe('different')
    expect(compareWithMd5({ etag: '', size: 1000 }, 1000, hex).kind).toBe('cannot-tell')
  })
})

describe('verificationOf', () => {
  it("records an equal verdict in the upload's words", () => {
    const hex = md5Hex(small)
    const single: EqualVerdict = {
      kind: 'equal',
      object: { etag: hex, size: 1000 },
      how: { method: 'md5-etag', localEtag: hex },
    }
    expect(verificationOf(single)).toEqual({
      verified: true,
      method: 'md5',
      detail: `ETag ${hex} equals the MD5 of the file`,
    })
    const multi = etagInParts(big, 8 * MiB)
    expect(
      verificationOf({
        kind: 'equal',
        object: { etag: multi, size: big.length },
        how: { method: 'multipart-etag', localEtag: multi, partSize: 8 * MiB, partCount: 2 },
      }),
    ).toEqual({
      verified: true,
      method: 'multipart-etag',
      detail: `ETag ${multi} equals the MD5 of the 2 part MD5s of the file`,
    })
  })
})

describe('objectEqualsFile', () => {
  const smallFile = file('head.bin', small)
  const clientAnswering = (answer: (input: HeadObjectCommand['input']) => object): S3Client =>
    ({
      send: async (command: HeadObjectCommand) => answer(command.input),
    }) as unknown as S3Client
  const notFound = Object.assign(new Error('NotFound'), {
    name: 'NotFound',
    $metadata: { httpStatusCode: 404 },
  })

  it('HEADs the object and compares it', async () => {
    const client = clientAnswering(() => ({ ETag: `"${md5Hex(small)}"`, ContentLength: 1000 }))
    expect(await objectEqualsFile(client, { bucket: 'b', key: 'k' }, smallFile)).toMatchObject({
      kind: 'equal',
    })
  })

  it('answers missing, with the error that says so, for a 404', async () => {
    const client = clientAnswering(() => {
      throw notFound
    })
    const verdict = await objectEqualsFile(client, { bucket: 'b', key: 'k' }, smallFile)
    expect(verdict.kind).toBe('missing')
    if (verdict.kind !== 'missing') return
    expect(verdict.error).toMatchObject({ code: 'object-missing', message: 's3://b/k does not exist' })
  })

  it('throws any other failure as a FerryError', async () => {
    const denied = Object.assign(new Error('Forbidden'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    })
    const client = clientAnswering(() => {
      throw denied
    })
    await expect(objectEqualsFile(client, { bucket: 'b', key: 'k' }, smallFile)).rejects.toMatchObject({
      code: 'access-denied',
    })
  })
})
