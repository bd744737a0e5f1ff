// GetObject of a whole small object sent beside the SDK, as the direct PUTs of small files are
// (direct-request.ts): signed with SigV4 from the client's credentials, over its keep-alive
// sockets, If-Match on the ETag the listing gave. The answer's own headers (ETag, length,
// Last-Modified, x-amz-meta-*) stand in for a HEAD, and the MD5 is computed as the bytes
// arrive. For a folder of small files the SDK's HEAD and GET cost more CPU than the bytes.
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

export interface DirectGet {
  bucket: string
  key: string
  /** Unquoted; sent as If-Match. */
  etag: string
  /** The size the listing gave; any other length is declined. */
  size: number
  signal: AbortSignal
}

export type GetAnswer =
  { kind: 'body'; chunks: Buffer[]; md5: string; headers: IncomingHttpHeaders } | { kind: 'declined' }

const DECLINED: GetAnswer = { kind: 'declined' }

export async function directGetSmall(client: S3Client, get: DirectGet): Promise<GetAnswer> {
  const transport = transportOf(client)
  const target = transport && (await directTarget(client, get.bucket, get.key))
  if (!transport || !target || get.signal.aborted) return DECLINED
  const headers = await signed(client, {
    method: 'GET',
    target,
    query: {},
    headers: { 'if-match': `"${get.etag}"`, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
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
        const chunks: Buffer[] = []
        let received = 0
        res.on('data', (chunk: Buffer) => {
          received += chunk.length
          md5.update(chunk)
          chunks.push(chunk)
        })
        res.on('error', () => resolve(DECLINED))
        res.on('end', () =>
          resolve(
            received === get.size
              ? { kind: 'body', chunks, md5: md5.digest('hex'), headers: res.headers }
              : DECLINED,
          ),
        )
      },
    )
    req.setTimeout(transport.idleTimeoutMs, () => req.destroy(new Error('idle timeout')))
    req.on('error', () => resolve(DECLINED))
    req.end()
  })
}
