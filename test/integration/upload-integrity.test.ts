// The engine sends UNSIGNED-PAYLOAD to skip SigV4's body hash; these tests show that the
// server still checks every body against its Content-MD5, and that clock skew is retried.
import { createHash, randomBytes } from 'node:crypto'
import {
  CreateMultipartUploadCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  AbortMultipartUploadCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { createConnection, createServer, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createS3Client } from '../../src/main/s3/client-factory'
import { withRetries } from '../../src/main/s3/retrying'
import { useUnsignedPayload } from '../../src/main/engine/unsigned-payload'
import { freshBucket, testClient, testConnection } from '../support/s3'

const md5b64 = (b: Uint8Array) => createHash('md5').update(b).digest('base64')

/** The engine's client, plus a record of each request's headers as signed and sent. */
function engineClient(): { client: S3Client; sent: { command: string; headers: Record<string, string> }[] } {
  const client = useUnsignedPayload(createS3Client(testConnection()))
  const sent: { command: string; headers: Record<string, string> }[] = []
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers: Record<string, string> }
      sent.push({ command: context.commandName ?? '', headers: { ...request.headers } })
      return next(args)
    },
    { step: 'finalizeRequest', name: 'recordSent', priority: 'low' },
  )
  return { client, sent }
}

describe('unsigned payloads keep the body checked by Content-MD5', () => {
  it('signs UploadPart and PutObject without hashing the body, and the server accepts them', async () => {
    const { client, sent } = engineClient()
    const bucket = await freshBucket(testClient(), 'unsigned')
    const body = randomBytes(100_000)
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'a', Body: body, ContentMD5: md5b64(body) }),
    )
    const put = sent.find((s) => s.command === 'PutObjectCommand')!
    expect(put.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD')
    // The declaration itself is signed, so it cannot be swapped in transit.
    expect(put.headers['authorization']).toMatch(/SignedHeaders=[^,]*x-amz-content-sha256/)
    expect(put.headers['authorization']).toMatch(/SignedHeaders=[^,]*content-md5/)
    const head = sent.find((s) => s.command === 'CreateBucketCommand')
    expect(head).toBeUndefined()
  })

  it('has a PutObject whose Content-MD5 does not match its body rejected (BadDigest)', async () => {
    const { client } = engineClient()
    const bucket = await freshBucket(testClient(), 'baddigest')
    const body = randomBytes(50_000)
    const wrong = md5b64(randomBytes(16))
    await expect(
      client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a', Body: body, ContentMD5: wrong })),
    ).rejects.toMatchObject({
      name: 'BadDigest',
    })
  })

  it('has a part whose Content-MD5 does not match its body rejected, and the right one accepted', async () => {
    const { client, sent } = engineClient()
    const bucket = await freshBucket(testClient(), 'badpart')
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'k' }))
    const part = randomBytes(5 * 1024 * 1024)
    const damaged = Buffer.from(part)
    damaged[12345] = damaged[12345]! ^ 0xff
    try {
      // The bytes changed after their MD5 was taken: what a corruption in transit looks like.
      await expect(
        client.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: 'k',
            UploadId,
            PartNumber: 1,
            Body: damaged,
            ContentMD5: md5b64(part),
          }),
        ),
      ).rejects.toMatchObject({ name: 'BadDigest', $metadata: { httpStatusCode: 400 } })
      const ok = await client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: 'k',
          UploadId,
          PartNumber: 1,
          Body: part,
          ContentMD5: md5b64(part),
        }),
      )
      expect(ok.ETag).toBe(`"${createHash('md5').update(part).digest('hex')}"`)
      expect(
        sent
          .filter((s) => s.command === 'UploadPartCommand')
          .every((s) => s.headers['x-amz-content-sha256'] === 'UNSIGNED-PAYLOAD'),
      ).toBe(true)
    } finally {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'k', UploadId }))
    }
  })
})

describe('retrying', () => {
  it.each(['HeadBucket (a bare 403)', 'ListObjectsV2 (RequestTimeTooSkewed)'])(
    'corrects a skewed clock and retries: %s',
    async (which) => {
      const client = createS3Client(testConnection())
      const bucket = await freshBucket(testClient(), 'skew')
      // An hour behind: S3 refuses signatures more than 15 minutes off.
      ;(client.config as { systemClockOffset?: number }).systemClockOffset = -3600_000
      const reasons: string[] = []
      const out = await withRetries(
        (signal) =>
          which.startsWith('Head')
            ? client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal })
            : client.send(new ListObjectsV2Command({ Bucket: bucket }), { abortSignal: signal }),
        {
          client,
          signal: new AbortController().signal,
          where: { bucket },
          onRetry: (info) => reasons.push(info.reason),
        },
      )
      expect(out.$metadata.httpStatusCode).toBe(200)
      expect(reasons).toEqual(['clock-skew'])
      expect(Math.abs((client.config as { systemClockOffset?: number }).systemClockOffset ?? 0)).toBeLessThan(
        60_000,
      )
    },
  )

  it('notices a connection that stalls (idle timeout) and retries on a fresh one', async () => {
    const target = new URL(testConnection().endpoint)
    let connections = 0
    const held: Socket[] = []
    // The first connection swallows the request and never answers; later ones pass through.
    const proxy = createServer((client) => {
      if (++connections === 1) {
        held.push(client)
        client.on('data', () => {})
        return
      }
      const upstream = createConnection({ host: target.hostname, port: Number(target.port) })
      client.pipe(upstream).pipe(client)
      client.on('error', () => upstream.destroy())
      upstream.on('error', () => client.destroy())
    })
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
    try {
      const port = (proxy.address() as { port: number }).port
      const client = createS3Client(
        { ...testConnection(), endpoint: `http://127.0.0.1:${port}` },
        { idleTimeoutMs: 500 },
      )
      const bucket = await freshBucket(testClient(), 'stall')
      const reasons: string[] = []
      const started = Date.now()
      const out = await withRetries(
        (signal) => client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal }),
        {
          client,
          signal: new AbortController().signal,
          where: { bucket },
          onRetry: (info) => reasons.push(info.reason),
        },
      )
      expect(out.$metadata.httpStatusCode).toBe(200)
      expect(reasons).toEqual(['network'])
      expect(connections).toBe(2)
      expect(Date.now() - started).toBeLessThan(10_000)
      client.destroy()
    } finally {
      for (const s of held) s.destroy()
      await new Promise((r) => proxy.close(r))
    }
    // A regression hangs forever rather than failing: give up long before the suite's timeout.
  }, 15_000)

  it('fails fast on a permanent error with a FerryError that names the fix', async () => {
    const client = createS3Client({
      ...testConnection(),
      credentials: { accessKeyId: 'nobody', secretAccessKey: 'x'.repeat(40) },
    })
    const attempts: number[] = []
    await expect(
      withRetries(
        async (signal) => {
          attempts.push(1)
          return client.send(new HeadBucketCommand({ Bucket: 'whatever-bucket' }), { abortSignal: signal })
        },
        { client, signal: new AbortController().signal, where: { bucket: 'whatever-bucket' } },
      ),
    ).rejects.toMatchObject({ code: expect.stringMatching(/invalid-credentials|access-denied/) })
    expect(attempts).toHaveLength(1)
  })
})
