// A connection's default encryption in the app, through the bridge's real handlers: uploads take
// it unless the sheet chose otherwise; with an SSE-C key file, downloads and the inspector read
// SSE-C objects with its key (and plain objects without it); a key file that cannot serve is
// refused when the connection is saved.
import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HeadObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import type { ObjectDetails } from '../../src/shared/domain/objects'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { kmsKeyIds, ssecParams } from '../support/encryption'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { enginePath, tempDir, waitUntil } from './upload-support'

describe("a connection's default encryption", () => {
  const s3 = testClient()
  const tmp = tempDir('encconn')
  const keyPath = join(tmp.dir, 'key.bin')
  const key = randomBytes(32)
  const file = join(tmp.dir, 'report.txt')
  let main: HeadlessMain
  let bucket: string

  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const answer = await main.dispatch(channel, payload)
    if (!answer.ok) throw new Error(`${answer.error.message} (${answer.error.code})`)
    return answer.value as T
  }
  const save = (name: string, encryption: unknown) => {
    const c = testConnection()
    return main.dispatch('connections:save', {
      name,
      endpoint: c.endpoint,
      region: c.region,
      pathStyle: true,
      accessKeyId: c.credentials!.accessKeyId,
      secretAccessKey: c.credentials!.secretAccessKey,
      ...(encryption ? { encryption } : {}),
    })
  }
  const upload = async (connectionId: string, key: string, extra: object = {}) => {
    const [t] = await call<TransferSummary[]>('transfers:upload', {
      connectionId,
      bucket,
      prefix: '',
      paths: [file],
      ...extra,
    })
    const done = (await main.core.transfers.waitFor(t!.id)).summary
    expect(done.state).toBe('done')
    return s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
  }

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'encconn')
    writeFileSync(keyPath, key)
    writeFileSync(file, 'quarterly figures\n')
    main = createHeadlessMain({ stateDir: join(tmp.dir, 'state'), enginePath })
  })
  afterAll(async () => {
    await main.close()
    tmp.cleanup()
  })

  it('SSE-KMS by default; the sheet may choose none or another encryption', async () => {
    const [kmsKey] = kmsKeyIds()
    const saved = await save('kms', { kind: 'sse-kms', keyId: kmsKey })
    if (!saved.ok) throw new Error(saved.error.message)
    const c = saved.value as ConnectionSummary
    expect(c.encryption).toEqual({ kind: 'sse-kms', keyId: kmsKey })

    const byDefault = await upload(c.id, 'report.txt')
    expect(byDefault.ServerSideEncryption).toBe('aws:kms')
    expect(byDefault.SSEKMSKeyId).toBe(kmsKey)

    const none = await upload(c.id, 'report.txt', { ifExists: 'overwrite', encryptionNone: true })
    expect(none.ServerSideEncryption).toBeUndefined()

    const other = await upload(c.id, 'report.txt', {
      ifExists: 'overwrite',
      headers: { metadata: {}, encryption: { kind: 'sse-kms', keyId: kmsKeyIds()[1] } },
    })
    expect(other.SSEKMSKeyId).toBe(kmsKeyIds()[1])
  })

  it('SSE-C by default: uploads with its key; downloads and the inspector read with it', async () => {
    const saved = await save('ssec', { kind: 'sse-c', keyFile: keyPath })
    if (!saved.ok) throw new Error(saved.error.message)
    const c = saved.value as ConnectionSummary
    // The settings document holds the path, never the key.
    const settings = JSON.stringify(main.core.connections.get(c.id))
    expect(settings).toContain(keyPath)
    expect(settings).not.toContain(ssecParams(key).SSECustomerKey)

    const prefix = { prefix: 'ssec/' }
    const [t] = await call<TransferSummary[]>('transfers:upload', {
      connectionId: c.id,
      bucket,
      paths: [file],
      ...prefix,
    })
    expect((await main.core.transfers.waitFor(t!.id)).summary.state).toBe('done')
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'ssec/report.txt', ...ssecParams(key) }),
    )
    expect(head.SSECustomerKeyMD5).toBe(ssecParams(key).SSECustomerKeyMD5)

    const details = await call<ObjectDetails>('objects:head', {
      connectionId: c.id,
      bucket,
      key: 'ssec/report.txt',
    })
    expect(details.encryption).toBe('SSE-C (a customer key)')
    // A plain object on the same connection is read without the key.
    const plain = await call<ObjectDetails>('objects:head', { connectionId: c.id, bucket, key: 'report.txt' })
    expect(plain.size).toBe(readFileSync(file).length)

    const downloads = join(tmp.dir, 'downloads')
    main.desktop.answerFolderPick(downloads)
    const [d] = await call<TransferSummary[]>('objects:download', {
      connectionId: c.id,
      bucket,
      keys: ['ssec/report.txt', 'report.txt'],
    })
    let state: string | undefined
    await waitUntil('the download settles', () => {
      void call<TransferSummary[]>('transfers:list', {}).then(
        (all) => (state = all.find((x) => x.id === d!.id)?.state),
      )
      return state === 'done' || state === 'failed'
    })
    expect(state).toBe('done')
    expect(readFileSync(join(downloads, 'report.txt'), 'utf8')).toBe('quarterly figures\n')
  })

  it('refuses a key file that is missing or not 32 bytes when the connection is saved', async () => {
    const missing = await save('missing', { kind: 'sse-c', keyFile: join(tmp.dir, 'nope.bin') })
    expect(missing.ok).toBe(false)
    if (!missing.ok) expect(missing.error.message).toContain('cannot read the SSE-C key file')
    const short = join(tmp.dir, 'short.bin')
    writeFileSync(short, randomBytes(16))
    const wrong = await save('short', { kind: 'sse-c', keyFile: short })
    expect(wrong.ok).toBe(false)
    if (!wrong.ok) expect(wrong.error.message).toContain('AES-256 needs exactly 32')
    const names = (await call<ConnectionSummary[]>('connections:list', {})).map((c) => c.name)
    expect(names).not.toContain('missing')
    expect(names).not.toContain('short')
  })
})
