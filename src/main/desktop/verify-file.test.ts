import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it } from 'vitest'
import { compareFileWithObject } from './verify-file'

const dir = mkdtempSync(join(tmpdir(), 'ferry-verify-file-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const bytes = randomBytes(2000)
const path = join(dir, 'same.bin')
writeFileSync(path, bytes)
const hex = createHash('md5').update(bytes).digest('hex')

/** A store that answers HEAD with this ETag and size. */
const storeHolding = (etag: string, size: number): S3Client =>
  ({
    send: async (_command: HeadObjectCommand) => ({ ETag: `"${etag}"`, ContentLength: size }),
  }) as unknown as S3Client
const compare = (client: S3Client) => compareFileWithObject(client, path, 'b', 'k', async () => [])

describe('compareFileWithObject', () => {
  it("says the verdict in the inspector's words", async () => {
    expect(await compare(storeHolding(hex, 2000))).toEqual({
      file: path,
      equal: true,
      detail: `the MD5 of the file equals the ETag ${hex}`,
    })
    const other = createHash('md5').update('other').digest('hex')
    expect(await compare(storeHolding(other, 2000))).toEqual({
      file: path,
      equal: false,
      detail: `the MD5 of the file is ${hex}, the object's ETag ${other}`,
    })
    expect((await compare(storeHolding(hex, 1999))).detail).toBe('the object has 1999 bytes, the file 2000')
    expect(await compare(storeHolding('not-an-md5', 2000))).toMatchObject({ equal: null })
  })

  it('refuses a folder as the file', async () => {
    await expect(
      compareFileWithObject(storeHolding(hex, 0), dir, 'b', 'k', async () => []),
    ).rejects.toMatchObject({
      code: 'bad-input',
      fix: 'Pick a regular file.',
    })
  })
})
