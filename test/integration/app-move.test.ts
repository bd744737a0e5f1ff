// The app's moves through the bridge (objects:move on the headless main): a folder renamed is a
// journaled move of its prefix; a folder dropped into itself is refused before anything
// changes, even when other moves came with it; an SSE-KMS object the store will not copy is
// streamed through the engine under the same key.
import { join } from 'node:path'
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { freshBucket, KMS_TEST_KEY_ID, saveTestConnection, testClient } from '../support/s3'
import { keysUnder } from './move-support'
import { enginePath, readObject, tempDir } from './upload-support'

describe('objects:move', () => {
  const s3 = testClient()
  const tmp = tempDir('app-move')
  let main: HeadlessMain
  let connectionId: string

  beforeAll(async () => {
    main = createHeadlessMain({ stateDir: join(tmp.dir, 'state'), enginePath })
    connectionId = await saveTestConnection(main, 'rgw')
  })
  afterAll(async () => {
    await main.close()
    tmp.cleanup()
  })

  it('renames a folder: every key moves, the old ones are gone', async () => {
    const bucket = await freshBucket(s3, 'appmv')
    for (const k of ['docs/a.txt', 'docs/sub/b.txt'])
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: k, Body: k }))
    const answer = await main.dispatch('objects:move', {
      connectionId,
      bucket,
      moves: [{ source: 'docs/', target: 'papers/' }],
    })
    expect(answer).toEqual({ ok: true, value: { moved: 2, skipped: 0, failed: 0, errors: [] } })
    expect(await keysUnder(s3, bucket, '')).toEqual(['papers/a.txt', 'papers/sub/b.txt'])
    expect((await readObject(s3, bucket, 'papers/sub/b.txt')).toString()).toBe('docs/sub/b.txt')
  })

  it('refuses a folder into itself before any move of the request runs', async () => {
    const bucket = await freshBucket(s3, 'appmvx')
    for (const k of ['a/x.txt', 'y.txt'])
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: k, Body: k }))
    const answer = await main.dispatch('objects:move', {
      connectionId,
      bucket,
      moves: [
        { source: 'y.txt', target: 'a/y.txt' },
        { source: 'a/', target: 'a/inner/a/' },
      ],
    })
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad-input' } })
    if (!answer.ok) {
      expect(answer.error.message).toContain(`cannot move s3://${bucket}/a/ into itself`)
      expect(answer.error.fix).toContain('Choose a destination outside the folder')
    }
    expect(await keysUnder(s3, bucket, '')).toEqual(['a/x.txt', 'y.txt'])
  })

  it('streams an SSE-KMS object the store will not copy, encrypted under the same key', async () => {
    const bucket = await freshBucket(s3, 'appmvkms')
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'vault/secret.txt',
        Body: 'secret',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KMS_TEST_KEY_ID,
      }),
    )
    const answer = await main.dispatch('objects:move', {
      connectionId,
      bucket,
      moves: [{ source: 'vault/', target: 'safe/' }],
    })
    expect(answer).toEqual({ ok: true, value: { moved: 1, skipped: 0, failed: 0, errors: [] } })
    expect(await keysUnder(s3, bucket, '')).toEqual(['safe/secret.txt'])
    expect((await readObject(s3, bucket, 'safe/secret.txt')).toString()).toBe('secret')
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'safe/secret.txt' }))
    expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: KMS_TEST_KEY_ID })
  })

  it('moves cut rows into another bucket server-side, and into another connection streamed', async () => {
    const from = await freshBucket(s3, 'appmvfrom')
    const other = await freshBucket(s3, 'appmvto')
    for (const k of ['in/a.txt', 'in/sub/b.txt', 'c.txt'])
      await s3.send(new PutObjectCommand({ Bucket: from, Key: k, Body: k }))
    const sameConnection = await main.dispatch('objects:move', {
      connectionId,
      bucket: from,
      moves: [{ source: 'in/', target: 'in/' }],
      to: { connectionId, bucket: other },
    })
    expect(sameConnection).toEqual({ ok: true, value: { moved: 2, skipped: 0, failed: 0, errors: [] } })
    expect(await keysUnder(s3, other, '')).toEqual(['in/a.txt', 'in/sub/b.txt'])

    // Another saved connection (to the same server here): nothing server-side reaches across.
    const second = await saveTestConnection(main, 'rgw-2')
    const across = await main.dispatch('objects:move', {
      connectionId: second,
      bucket: other,
      moves: [{ source: 'in/sub/', target: 'back/' }],
      to: { connectionId, bucket: from },
    })
    expect(across).toEqual({ ok: true, value: { moved: 1, skipped: 0, failed: 0, errors: [] } })
    expect(await keysUnder(s3, from, '')).toEqual(['back/b.txt', 'c.txt'])
    expect(await keysUnder(s3, other, '')).toEqual(['in/a.txt'])
    expect((await readObject(s3, from, 'back/b.txt')).toString()).toBe('in/sub/b.txt')
    const listed = (await main.dispatch('transfers:list', {})) as { value: TransferSummary[] }
    expect(listed.value.some((t) => t.bucket === from && t.key === 'back/b.txt')).toBe(true)
  })
})
