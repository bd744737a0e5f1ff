// --if-exists fail|overwrite|skip for single PUTs and multipart uploads.
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TransferManager } from '../../src/main/core/transfers/transfer-manager'
import type { IfExists } from '../../src/shared/domain/transfer'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { MiB, openUploads, readObject, tempDir, testManager, writeRandomFile } from './upload-support'

describe('overwrite policy', () => {
  const s3 = testClient()
  const tmp = tempDir('overwrite')
  let manager: TransferManager
  let bucket: string
  const small = join(tmp.dir, 'small.txt')
  const large = join(tmp.dir, 'large.bin')
  let smallBytes: Buffer
  let largeBytes: Buffer

  beforeAll(async () => {
    manager = testManager(join(tmp.dir, 'state', 'transfers')).manager
    bucket = await freshBucket(s3, 'ow')
    smallBytes = writeRandomFile(small, 1000)
    largeBytes = writeRandomFile(large, 12 * MiB)
  })
  afterAll(async () => {
    await manager.close()
    tmp.cleanup()
  })

  const upload = async (path: string, key: string, ifExists: IfExists) => {
    const [s] = await manager.upload({
      connection: testConnection(),
      bucket,
      key,
      paths: [path],
      ifExists,
      partSize: 5 * MiB,
      multipartThreshold: 5 * MiB,
    })
    return manager.waitFor(s!.id)
  }
  const occupy = (key: string) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'someone else' }))

  it.each([
    ['single PUT', 'small'],
    ['multipart', 'large'],
  ])('%s: fail refuses to replace an existing object and leaves nothing behind', async (_label, which) => {
    const key = `fail-${which}`
    await occupy(key)
    const result = await upload(which === 'small' ? small : large, key, 'fail')
    expect(result.summary.state).toBe('failed')
    expect(result.summary.error).toMatchObject({ code: 'destination-exists' })
    expect(result.summary.error!.fix).toContain('--if-exists overwrite')
    expect((await readObject(s3, bucket, key)).toString()).toBe('someone else')
    // Checked before any part was sent: no upload was even started.
    expect(result.summary.partsDone).toBe(0)
    expect(await openUploads(s3, bucket)).toEqual([])
  })

  it.each([
    ['single PUT', 'small'],
    ['multipart', 'large'],
  ])('%s: skip keeps the existing object and reports it skipped', async (_label, which) => {
    const key = `skip-${which}`
    await occupy(key)
    const result = await upload(which === 'small' ? small : large, key, 'skip')
    expect(result.summary.state).toBe('done')
    expect(result.outcome).toMatchObject({ skipped: true, partsUploaded: 0 })
    expect((await readObject(s3, bucket, key)).toString()).toBe('someone else')
    expect(await openUploads(s3, bucket)).toEqual([])
  })

  it.each([
    ['single PUT', 'small'],
    ['multipart', 'large'],
  ])('%s: overwrite replaces it', async (_label, which) => {
    const key = `overwrite-${which}`
    await occupy(key)
    const result = await upload(which === 'small' ? small : large, key, 'overwrite')
    expect(result.summary.state).toBe('done')
    expect(result.summary.verification).toMatchObject({ verified: true })
    expect((await readObject(s3, bucket, key)).equals(which === 'small' ? smallBytes : largeBytes)).toBe(true)
  })

  it('fail and skip upload normally when the key is free', async () => {
    expect((await upload(small, 'free-fail', 'fail')).summary.state).toBe('done')
    const skipped = await upload(large, 'free-skip', 'skip')
    expect(skipped.outcome).toMatchObject({ skipped: false, partsUploaded: 3 })
    expect((await readObject(s3, bucket, 'free-skip')).equals(largeBytes)).toBe(true)
  })
})
