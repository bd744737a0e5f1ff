// GetObject of a whole small object sent beside the SDK, as the direct PUTs of small files are
// (direct-request.ts): signed with SigV4 from the client's credentials, over its keep-alive
// sockets, If-Match on the ETag the listing gave. The answer's own headers (ETag, length,
// Last-Modified, x-amz-meta-*) stand in for a HEAD, and the MD5 is computed as the bytes
// arrive. For a folder of small files the SDK's HEAD and GET cost more CPU than the bytes.
// It asks for the object's checksum too (x-amz-checksum-mode): where the store keeps a
// full-object CRC, that CRC is computed in the same pass, and proves objects whose ETag is no
// MD5 (SSE-KMS and SSE-C on AWS). Stores that keep none (radosgw 16) ignore the header.
//
// Only a whole, successful answer is taken here. Any other status (412 for a changed object,
// 404, 403...), an HTML page, a length that is not the expected one, or a broken connection is
// declined, and the caller downloads the object the long way, through the SDK, whose error
// parsing and retries name and mend the problem.
import { createHash } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { S3Client } from '@aws-sdk/client-s3'
import { transportOf } from './client-factory'
import { sendTo, signed } from './direct-request'
import { directTarget } from './direct-target'
import { crcFromBase64, crcHasher } from './full-object-checksum'
import { storedChecksumOf, type StoredChecksum } from './upload-proof'

export interface DirectGet {
  bucket: string
  key: string
  /** Unquoted; sent as If-Match. */
  etag: string
  /** The size the listing gave; any other length is declined. */
  size: number
  signal: AbortSignal
  /** More headers to sign and send (an SSE-C key's). */
  headers?: Record<string, string>
}

/** The store's full-object checksum and whether the bytes reproduced it. */
export interface ChecksumCheck {
  stored: StoredChecksum
  matches: boolean
}

export type GetAnswer =
  | {
      kind: 'body'
      chunks: Buffer[]
      md5: string
      headers: IncomingHttpHeaders
      /** Only where the store answered a full-object checksum. */
      checksum?: ChecksumCheck
    }
  | { kind: 'declined' }

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name]
  return typeof value === 'string' ? value : undefined
}

/** The full-object checksum among the answer's headers, as HEAD with checksum mode gives it. */
export const checksumOfHeaders = (headers: IncomingHttpHeaders): StoredChecksum | undefined =>
  storedChecksumOf({
    ChecksumCRC32: header(headers, 'x-amz-checksum-crc32'),
    ChecksumCRC32C: header(headers, 'x-amz-checksum-crc32c'),
    ChecksumCRC64NVME: header(headers, 'x-amz-checksum-crc64nvme'),
    ChecksumType: header(headers, 'x-amz-checksum-type'),
  })

const DECLINED: GetAnswer = { kind: 'declined' }

export async function directGetSmall(client: S3Client, get: DirectGet): Promise<GetAnswer> {
  const transport = transportOf(client)
  const target = transport && (await directTarget(client, get.bucket, get.key))
  if (!transport || !target || get.signal.aborted) return DECLINED
  const headers = await signed(client, {
    method: 'GET',
    target,
    query: {},
    headers: {
      'if-match': `"${get.etag}"`,
      'x-amz-checksum-mode': 'ENABLED',
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      ...get.headers,
    },
  })
  if (!headers) return DECLINED
  return new Promise<GetAnswer>((resolve) => {
    const req = sendTo(
      target,
      transport,
      { method: 'GET', path: target.path, headers, signal: get.signal },
      (res) => {
        const length = Number(res.headers['content-length'])
        if (
          res.statusCode !== 200 ||
          length !== get.size ||
          /^\s*text\/html/i.test(res.headers['content-type'] ?? '')
        ) {
          res.resume()
          resolve(DECLINED)
          return
        }
        const md5 = createHash('md5')
        const stored = checksumOfHeaders(res.headers)
        const crc = stored ? crcHasher(stored.algorithm) : undefined
        const chunks: Buffer[] = []
        let received = 0
        res.on('data', (chunk: Buffer) => {
          received += chunk.length
          md5.update(chunk)
          crc?.update(chunk)
          chunks.push(chunk)
        })
        res.on('error', () => resolve(DECLINED))
        res.on('end', () => {
          if (received !== get.size) return resolve(DECLINED)
          const body = { kind: 'body' as const, chunks, md5: md5.digest('hex'), headers: res.headers }
          if (!stored || !crc) return resolve(body)
          const expected = crcFromBase64(stored.algorithm, stored.value)
          crc.value().then(
            (value) => resolve({ ...body, checksum: { stored, matches: value === expected } }),
            () => resolve(DECLINED),
          )
        })
      },
    )
    req.setTimeout(transport.idleTimeoutMs, () => req.destroy(new Error('idle timeout')))
    req.on('error', () => resolve(DECLINED))
    req.end()
  })
}
