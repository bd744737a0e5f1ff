#!/usr/bin/env node
// The floor under Ferry's CPU per GiB: a plain program that does only what a large upload must.
// It reads the file one part at a time into a buffer per worker, computes the digests Ferry
// computes (each part's MD5 for Content-MD5, and with --crc each part's CRC32 too, with the
// same native CRC32 as Ferry, @node-rs/crc32, combined into the whole object's CRC32) and sends the bytes as one multipart upload over keep-alive
// node:http, `concurrency` parts in flight. No SDK, no signature (the stub checks none), no
// journal, no retries, no verification afterwards. The runner runs it as the contender "floor"
// beside Ferry on the large-file stub scenario (contenders.mjs), so the ratio to it is measured
// side by side.
//
// --crc asks for a full-object CRC32 as Ferry does (x-amz-checksum-algorithm CRC32, type
// FULL_OBJECT, on CreateMultipartUpload) and computes every part's CRC32; the checksums are
// sent only if the store's answer echoes the request, as Ferry learns it from the answer.
//
//   node large-file-floor.mjs --endpoint URL --bucket B --file F --key K
//        [--part-size BYTES] [--concurrency N] [--crc]
// Prints one JSON line: { key, bytes, etag, parts, crc32 (base64, when computed), checksumKept }.
import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'
import http from 'node:http'
import { parseArgs } from 'node:util'
import { crc32 } from '@node-rs/crc32'
import { crc32Combine } from './crc32-combine.mjs'

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    bucket: { type: 'string' },
    file: { type: 'string' },
    key: { type: 'string' },
    'part-size': { type: 'string', default: String(8 * 1024 * 1024) },
    concurrency: { type: 'string', default: '8' },
    crc: { type: 'boolean', default: false },
  },
})
if (!values.endpoint || !values.bucket || !values.file || !values.key) {
  process.stderr.write(
    'usage: large-file-floor.mjs --endpoint URL --bucket B --file F --key K [--part-size BYTES] [--concurrency N] [--crc]\n',
  )
  process.exit(2)
}
const url = new URL(values.endpoint)
const partSize = Number(values['part-size'])
const concurrency = Number(values.concurrency)
const path = `/${values.bucket}/${values.key.split('/').map(encodeURIComponent).join('/')}`
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })

/** One request; resolves with the status, headers and body text, rejects on anything but 200. */
function send(method, query, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, method, hostname: url.hostname, port: url.port, path: `${path}?${query}`, headers },
      (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          if (res.statusCode !== 200 || text.includes('<Error>'))
            reject(new Error(`${method} ?${query}: HTTP ${res.statusCode} ${text.slice(0, 300)}`))
          else resolve({ headers: res.headers, text })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

const crcBase64 = (value) => {
  const out = Buffer.alloc(4)
  out.writeUInt32BE(value >>> 0)
  return out.toString('base64')
}

const file = await open(values.file, 'r')
const size = (await file.stat()).size
const partCount = Math.max(1, Math.ceil(size / partSize))

const asked = values.crc ? { 'x-amz-checksum-algorithm': 'CRC32', 'x-amz-checksum-type': 'FULL_OBJECT' } : {}
const created = await send('POST', 'uploads', { 'content-length': '0', ...asked })
const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.text)?.[1]
if (!uploadId) throw new Error(`CreateMultipartUpload answered no UploadId: ${created.text.slice(0, 300)}`)
// As Ferry: the checksums go out only when the store said it keeps them.
const kept =
  values.crc &&
  created.headers['x-amz-checksum-algorithm'] === 'CRC32' &&
  created.headers['x-amz-checksum-type'] === 'FULL_OBJECT'

const parts = new Array(partCount)
let next = 0
async function worker() {
  const buffer = Buffer.allocUnsafe(partSize)
  while (next < partCount) {
    const n = next++
    const start = n * partSize
    const length = Math.min(partSize, size - start)
    let got = 0
    while (got < length) {
      const { bytesRead } = await file.read(buffer, got, length - got, start + got)
      if (bytesRead === 0) throw new Error(`${values.file} ended early at byte ${start + got}`)
      got += bytesRead
    }
    const body = buffer.subarray(0, length)
    const md5 = createHash('md5').update(body).digest()
    const crc = values.crc ? crc32(body) : undefined
    const { headers } = await send(
      'PUT',
      `partNumber=${n + 1}&uploadId=${encodeURIComponent(uploadId)}`,
      {
        'content-length': String(length),
        'content-md5': md5.toString('base64'),
        ...(kept ? { 'x-amz-checksum-crc32': crcBase64(crc) } : {}),
      },
      body,
    )
    parts[n] = { n: n + 1, etag: headers.etag, md5, crc, size: length }
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, partCount) }, worker))
await file.close()

const whole = values.crc ? parts.reduce((acc, p) => crc32Combine(acc, p.crc, p.size), 0) : undefined
const list = parts
  .map(
    (p) =>
      `<Part><PartNumber>${p.n}</PartNumber><ETag>${p.etag}</ETag>${kept ? `<ChecksumCRC32>${crcBase64(p.crc)}</ChecksumCRC32>` : ''}</Part>`,
  )
  .join('')
const xml = `<CompleteMultipartUpload>${list}</CompleteMultipartUpload>`
const completed = await send(
  'POST',
  `uploadId=${encodeURIComponent(uploadId)}`,
  {
    'content-type': 'application/xml',
    'content-length': String(Buffer.byteLength(xml)),
    ...(kept ? { 'x-amz-checksum-crc32': crcBase64(whole), 'x-amz-checksum-type': 'FULL_OBJECT' } : {}),
  },
  xml,
)
agent.destroy()
const etag = (/<ETag>([^<]+)<\/ETag>/.exec(completed.text)?.[1] ?? '')
  .replaceAll('&quot;', '')
  .replaceAll('"', '')
// The ETag the upload must have: MD5 of the parts' MD5s, "-N".
const expected = `${createHash('md5')
  .update(Buffer.concat(parts.map((p) => p.md5)))
  .digest('hex')}-${partCount}`
if (etag !== expected) throw new Error(`the store's ETag ${etag} is not the parts' ${expected}`)
process.stdout.write(
  `${JSON.stringify({
    key: values.key,
    bytes: size,
    etag,
    parts: partCount,
    ...(whole === undefined ? {} : { crc32: crcBase64(whole) }),
    checksumKept: Boolean(kept),
  })}\n`,
)
