#!/usr/bin/env node
// A local S3 stub for the benchmark: the client's ceiling. It speaks enough of the S3 REST API
// (path-style, any credentials, no signature check) for Ferry, lib-storage, aws-cli and rclone
// to upload to it, reads and discards every body, and keeps only metadata. It still computes
// each body's MD5, because the clients under test check ETags (Ferry verifies end to end, so a
// fake ETag would make it fail) and because Content-MD5 must be checked for the stub to be an
// honest stand-in (400 BadDigest on a mismatch).
//
// Mostly not a test double for S3 behaviour: integration tests use radosgw. It exists so that
// network and server costs are near zero and what is left is the client's own cost. Its CPU is
// not the client's: the runner measures the client's process tree only. The exceptions are
// what radosgw lacks: AWS's checksum rules (stub-checksums.mjs), the ETags AWS gives SSE-KMS
// and SSE-C objects (not MD5s), and archived objects (stub-archive.mjs), which follow AWS's
// documented answers and are tested against this stub.
//
//   node scripts/bench/stub-s3.mjs [--port 0] [--host 127.0.0.1] [--restore-ms 1000]
//        [--ignore-checksums]  as radosgw 16: x-amz-checksum-* ignored, none answered
//        [--r2-etags]          multipart ETags that are not MD5s of the part MD5s, as R2's
//        [--corrupt-part N]    part N of every upload is damaged at rest after its checks
//        [--default-sse-kms]   every object SSE-KMS, as in a bucket whose default encryption is
//        [--keep-bytes]        keep every object's bytes and answer (ranged) GETs: for tests
// prints `STUB_S3_ENDPOINT=http://HOST:PORT` on stdout once it listens.
// GET /__stub/stats answers JSON counters (requests by operation, bytes, CPU of this process).
import { createHash, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'
import {
  badDigestMessage,
  checksumHeaders,
  combinedCrc32,
  compositeOf,
  encryptionOf,
  hasherOf,
  opaqueEtag,
  sentChecksum,
  uploadChecksumOf,
} from './stub-checksums.mjs'
import { archiveHeaders, getRefusal, keepsBytes, restore, storageClassOf } from './stub-archive.mjs'

const MIN_PART_SIZE = 5 * 1024 * 1024
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'ignore-checksums': { type: 'boolean', default: false },
    'r2-etags': { type: 'boolean', default: false },
    'corrupt-part': { type: 'string' },
    'default-sse-kms': { type: 'boolean', default: false },
    'keep-bytes': { type: 'boolean', default: false },
    // How long an archived object's restore takes (AWS: minutes to hours).
    'restore-ms': { type: 'string', default: '1000' },
  },
})
const checksums = !values['ignore-checksums']
const corruptPart = values['corrupt-part'] === undefined ? undefined : Number(values['corrupt-part'])

/** bucket -> key -> { size, etag, lastModified, contentType, meta } */
const buckets = new Map()
/** uploadId -> { bucket, key, initiated, contentType, meta, parts: Map<n, { md5, size, etag, lastModified }> } */
const uploads = new Map()
const stats = { requests: {}, bytesReceived: 0, badDigest: 0, errors: 0 }

const bucketOf = (name) => {
  let b = buckets.get(name)
  if (!b) buckets.set(name, (b = new Map()))
  return b
}

const xmlEscape = (s) =>
  String(s).replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c],
  )
const xmlUnescape = (s) =>
  s.replace(
    /&(quot|amp|lt|gt|apos|#34|#39);/g,
    (_, e) => ({ quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", '#34': '"', '#39': "'" })[e],
  )
const quoted = (hex) => `"${hex}"`
const bare = (etag) => xmlUnescape(etag).replaceAll('"', '').trim().toLowerCase()
const XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'

function send(res, status, body = '', headers = {}) {
  res.writeHead(status, {
    'x-amz-request-id': randomUUID(),
    ...(body
      ? { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) }
      : { 'content-length': 0 }),
    ...headers,
  })
  res.end(body)
}

function fail(res, status, code, message, resource = '') {
  stats.errors++
  if (res.req.method === 'HEAD') return send(res, status)
  send(
    res,
    status,
    `${XML}<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><Resource>${xmlEscape(resource)}</Resource><RequestId>stub</RequestId></Error>`,
  )
}

/** Reads the body, hashing it on the way (MD5, and each checksum algorithm asked); kept only
 * with `keep` (archived objects) or --keep-bytes. */
function consume(req, algorithms = [], keep = false) {
  return new Promise((resolve, reject) => {
    const hash = createHash('md5')
    const hashers = algorithms.map((a) => [a, hasherOf(a)])
    const chunks = []
    keep ||= values['keep-bytes']
    let size = 0
    req.on('data', (chunk) => {
      hash.update(chunk)
      for (const [, h] of hashers) h.update(chunk)
      size += chunk.length
      if (keep) chunks.push(chunk)
    })
    req.on('end', async () => {
      stats.bytesReceived += size
      const digests = {}
      for (const [a, h] of hashers) {
        await h.settle?.()
        digests[a] = h.digest()
      }
      resolve({ md5: hash.digest(), size, digests, ...(keep ? { body: Buffer.concat(chunks) } : {}) })
    })
    req.on('error', reject)
    req.on('aborted', () => reject(new Error('client aborted the request')))
  })
}

/** Small XML bodies (Complete, DeleteObjects) as text. */
function text(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** Returns true (and answers) when the body cannot be taken as it is. */
function rejectBody(req, res, got) {
  const declared = req.headers['content-length']
  if (declared !== undefined && Number(declared) !== got.size) {
    fail(res, 400, 'IncompleteBody', `received ${got.size} bytes, Content-Length says ${declared}`)
    return true
  }
  const contentMd5 = req.headers['content-md5']
  if (contentMd5 !== undefined && contentMd5 !== got.md5.toString('base64')) {
    stats.badDigest++
    fail(res, 400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.')
    return true
  }
  const sent = checksums ? sentChecksum(req.headers) : undefined
  if (sent?.error) return (fail(res, 400, 'InvalidRequest', sent.error), true)
  if (sent && got.digests[sent.algorithm]?.toString('base64') !== sent.value) {
    stats.badDigest++
    fail(res, 400, 'BadDigest', badDigestMessage(sent.algorithm))
    return true
  }
  return false
}

/** The algorithms a request's body is hashed with: the one it sends, and its upload's. */
function algorithmsOf(req, upload) {
  if (!checksums) return []
  const sent = sentChecksum(req.headers)
  const out = new Set()
  if (sent && !sent.error) out.add(sent.algorithm)
  if (upload?.checksum) out.add(upload.checksum.algorithm)
  return [...out]
}

const metaOf = (headers) =>
  Object.fromEntries(Object.entries(headers).filter(([k]) => k.startsWith('x-amz-meta-')))

function objectHeaders(o, req) {
  return {
    etag: quoted(o.etag),
    'content-length': o.size,
    'last-modified': o.lastModified.toUTCString(),
    'content-type': o.contentType,
    'accept-ranges': 'bytes',
    ...archiveHeaders(o),
    ...o.meta,
    ...o.encryption,
    // AWS answers an object's checksum only when asked for it, and not for a range.
    ...(String(req.headers['x-amz-checksum-mode'] ?? '').toUpperCase() === 'ENABLED' && !req.headers.range
      ? checksumHeaders(o.checksum)
      : {}),
  }
}

function listObjects(res, bucket, name, q) {
  const v2 = q.get('list-type') === '2'
  const prefix = q.get('prefix') ?? ''
  const delimiter = q.get('delimiter') ?? ''
  const maxKeys = Math.min(Number(q.get('max-keys') ?? 1000) || 1000, 1000)
  const after = v2 ? (q.get('continuation-token') ?? q.get('start-after') ?? '') : (q.get('marker') ?? '')
  const keys = [...bucket.keys()].filter((k) => k.startsWith(prefix) && k > after).sort()
  const contents = []
  const prefixes = new Set()
  let last = ''
  let truncated = false
  for (const k of keys) {
    if (contents.length + prefixes.size >= maxKeys) {
      truncated = true
      break
    }
    const rest = k.slice(prefix.length)
    const cut = delimiter ? rest.indexOf(delimiter) : -1
    if (cut >= 0) {
      const p = prefix + rest.slice(0, cut + delimiter.length)
      if (prefixes.has(p)) continue
      prefixes.add(p)
    } else contents.push(k)
    last = k
  }
  const items = contents
    .map((k) => {
      const o = bucket.get(k)
      return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>&quot;${o.etag}&quot;</ETag><Size>${o.size}</Size><StorageClass>${o.storageClass ?? 'STANDARD'}</StorageClass></Contents>`
    })
    .join('')
  const common = [...prefixes]
    .map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`)
    .join('')
  const paging = v2
    ? `<KeyCount>${contents.length + prefixes.size}</KeyCount>${truncated ? `<NextContinuationToken>${xmlEscape(last)}</NextContinuationToken>` : ''}`
    : `<Marker>${xmlEscape(after)}</Marker>${truncated ? `<NextMarker>${xmlEscape(last)}</NextMarker>` : ''}`
  send(
    res,
    200,
    `${XML}<ListBucketResult ${NS}><Name>${xmlEscape(name)}</Name><Prefix>${xmlEscape(prefix)}</Prefix>${delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : ''}<MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${paging}${items}${common}</ListBucketResult>`,
  )
}

async function completeUpload(req, res, name, key, uploadId) {
  const upload = uploads.get(uploadId)
  const body = await text(req)
  if (!upload || upload.bucket !== name || upload.key !== key)
    return fail(res, 404, 'NoSuchUpload', 'The specified upload does not exist.', key)
  const listed = [...body.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map((m) => ({
    n: Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(m[1])?.[1]),
    etag: bare(/<ETag>([\s\S]*?)<\/ETag>/.exec(m[1])?.[1] ?? ''),
    checksum: /<Checksum(?:CRC32|CRC32C|CRC64NVME|SHA1|SHA256)>([\s\S]*?)<\/Checksum/.exec(m[1])?.[1],
  }))
  if (listed.length === 0) return fail(res, 400, 'MalformedXML', 'no parts in CompleteMultipartUpload')
  const digests = []
  const bytes = []
  let size = 0
  for (let i = 0; i < listed.length; i++) {
    const { n, etag } = listed[i]
    if (i > 0 && n <= listed[i - 1].n)
      return fail(res, 400, 'InvalidPartOrder', 'parts must be in ascending order')
    const part = upload.parts.get(n)
    if (!part || part.etag !== etag)
      return fail(res, 400, 'InvalidPart', `part ${n} is missing or its ETag differs`)
    const sentPart = listed[i].checksum
    if (upload.checksum && sentPart !== undefined && sentPart !== part.checksum?.toString('base64'))
      return fail(res, 400, 'InvalidPart', `part ${n}'s checksum differs from the one it was uploaded with`)
    if (upload.checksum?.type === 'COMPOSITE' && sentPart === undefined)
      return fail(res, 400, 'InvalidRequest', `part ${n} is listed without its checksum`)
    if (i < listed.length - 1 && part.size < MIN_PART_SIZE)
      return fail(res, 400, 'EntityTooSmall', `part ${n} is smaller than 5 MiB`)
    digests.push(part.md5)
    bytes.push(part.body)
    size += part.size
  }
  const bucket = bucketOf(name)
  if (req.headers['if-none-match'] === '*' && bucket.has(key))
    return fail(res, 412, 'PreconditionFailed', 'the object exists', key)
  const kept = await uploadChecksumAtComplete(req, res, upload, listed)
  if (kept === false) return
  const md5s = `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${listed.length}`
  // AWS's multipart ETags of SSE-KMS and SSE-C objects, and R2's, are not MD5s of part MD5s.
  const etag = upload.encryption || values['r2-etags'] ? `${opaqueEtag(md5s)}-${listed.length}` : md5s
  bucket.set(key, {
    size,
    etag,
    lastModified: new Date(),
    contentType: upload.contentType,
    meta: upload.meta,
    encryption: upload.encryption,
    checksum: kept,
    ...(bytes.every((b) => b !== undefined) ? { body: Buffer.concat(bytes) } : {}),
  })
  uploads.delete(uploadId)
  const checksumXml = kept
    ? `<Checksum${kept.algorithm}>${kept.value}</Checksum${kept.algorithm}><ChecksumType>${kept.type}</ChecksumType>`
    : ''
  send(
    res,
    200,
    `${XML}<CompleteMultipartUploadResult ${NS}><Location>http://${req.headers.host}/${xmlEscape(name)}/${xmlEscape(key)}</Location><Bucket>${xmlEscape(name)}</Bucket><Key>${xmlEscape(key)}</Key><ETag>&quot;${etag}&quot;</ETag>${checksumXml}</CompleteMultipartUploadResult>`,
  )
}

/**
 * The checksum a completed upload keeps: the parts' CRC32s combined (FULL_OBJECT) or the
 * algorithm over the parts' checksums (COMPOSITE, "-N"). A whole-object value sent with the
 * Complete must equal it. Answers and returns false when the request is refused.
 */
async function uploadChecksumAtComplete(req, res, upload, listed) {
  const c = upload.checksum
  if (!c) return undefined
  const sentType = req.headers['x-amz-checksum-type']
  if (sentType !== undefined && String(sentType).toUpperCase() !== c.type) {
    fail(res, 400, 'BadDigest', `The upload was created with checksum type ${c.type}, not ${sentType}`)
    return false
  }
  const parts = listed.map(({ n }) => upload.parts.get(n))
  if (parts.some((p) => !p.checksum)) {
    fail(res, 400, 'InvalidRequest', `a part was uploaded without its ${c.algorithm} checksum`)
    return false
  }
  let value
  if (c.type === 'FULL_OBJECT') value = combinedCrc32(parts.map((p) => ({ crc: p.checksum, size: p.size })))
  else {
    const hasher = compositeOf(
      c.algorithm,
      parts.map((p) => p.checksum),
    )
    await hasher.settle?.()
    value = `${hasher.digest().toString('base64')}-${parts.length}`
  }
  const sent = sentChecksum(req.headers)
  if (sent && (sent.algorithm !== c.algorithm || sent.value !== value)) {
    stats.badDigest++
    fail(res, 400, 'BadDigest', badDigestMessage(c.algorithm))
    return false
  }
  return { algorithm: c.algorithm, value, type: c.type }
}

function listParts(res, upload, uploadId, q) {
  const marker = Number(q.get('part-number-marker') ?? 0)
  const max = Math.min(Number(q.get('max-parts') ?? 1000) || 1000, 1000)
  const numbers = [...upload.parts.keys()].filter((n) => n > marker).sort((a, b) => a - b)
  const page = numbers.slice(0, max)
  const truncated = numbers.length > max
  const parts = page
    .map((n) => {
      const p = upload.parts.get(n)
      const checksum =
        p.checksum && upload.checksum
          ? `<Checksum${upload.checksum.algorithm}>${p.checksum.toString('base64')}</Checksum${upload.checksum.algorithm}>`
          : ''
      return `<Part><PartNumber>${n}</PartNumber><LastModified>${p.lastModified.toISOString()}</LastModified><ETag>&quot;${p.etag}&quot;</ETag><Size>${p.size}</Size>${checksum}</Part>`
    })
    .join('')
  send(
    res,
    200,
    `${XML}<ListPartsResult ${NS}><Bucket>${xmlEscape(upload.bucket)}</Bucket><Key>${xmlEscape(upload.key)}</Key><UploadId>${uploadId}</UploadId><PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${page.at(-1) ?? marker}</NextPartNumberMarker><MaxParts>${max}</MaxParts><IsTruncated>${truncated}</IsTruncated><StorageClass>STANDARD</StorageClass>${parts}</ListPartsResult>`,
  )
}

function listUploads(res, name) {
  const items = [...uploads.entries()]
    .filter(([, u]) => u.bucket === name)
    .map(
      ([id, u]) =>
        `<Upload><Key>${xmlEscape(u.key)}</Key><UploadId>${id}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`,
    )
    .join('')
  send(
    res,
    200,
    `${XML}<ListMultipartUploadsResult ${NS}><Bucket>${xmlEscape(name)}</Bucket><IsTruncated>false</IsTruncated>${items}</ListMultipartUploadsResult>`,
  )
}

async function deleteObjects(req, res, bucket) {
  const body = await text(req)
  const keys = [...body.matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) => xmlUnescape(m[1]))
  for (const k of keys) bucket.delete(k)
  send(
    res,
    200,
    `${XML}<DeleteResult ${NS}>${keys.map((k) => `<Deleted><Key>${xmlEscape(k)}</Key></Deleted>`).join('')}</DeleteResult>`,
  )
}

/** GET of a kept body: If-Match and one byte range, as S3 answers them. */
function sendBytes(req, res, o) {
  const ifMatch = req.headers['if-match']
  if (ifMatch !== undefined && bare(ifMatch) !== o.etag)
    return fail(
      res,
      412,
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
    )
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '')
  if (!range || o.size === 0) {
    res.writeHead(200, { 'x-amz-request-id': randomUUID(), ...objectHeaders(o, req) })
    return res.end(o.body)
  }
  const start = range[1] === '' ? Math.max(0, o.size - Number(range[2])) : Number(range[1])
  const end = range[1] === '' || range[2] === '' ? o.size - 1 : Math.min(Number(range[2]), o.size - 1)
  if (start > end || start >= o.size)
    return fail(res, 416, 'InvalidRange', 'The requested range is not satisfiable')
  res.writeHead(206, {
    'x-amz-request-id': randomUUID(),
    ...objectHeaders(o, req),
    'content-length': end - start + 1,
    'content-range': `bytes ${start}-${end}/${o.size}`,
  })
  res.end(o.body.subarray(start, end + 1))
}

function count(op) {
  stats.requests[op] = (stats.requests[op] ?? 0) + 1
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://stub')
  const q = url.searchParams
  const method = req.method
  if (url.pathname === '/__stub/stats') {
    const cpu = process.cpuUsage()
    return send(
      res,
      200,
      JSON.stringify({
        ...stats,
        cpuUserMicros: cpu.user,
        cpuSystemMicros: cpu.system,
        uploadsOpen: uploads.size,
      }),
      {
        'content-type': 'application/json',
      },
    )
  }
  const slash = url.pathname.indexOf('/', 1)
  const name = decodeURIComponent(slash < 0 ? url.pathname.slice(1) : url.pathname.slice(1, slash))
  const key = slash < 0 ? '' : decodeURIComponent(url.pathname.slice(slash + 1))
  const streaming =
    String(req.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-') ||
    String(req.headers['content-encoding'] ?? '').includes('aws-chunked')

  if (!name) {
    count('ListBuckets')
    const list = [...buckets.keys()]
      .map(
        (b) =>
          `<Bucket><Name>${xmlEscape(b)}</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate></Bucket>`,
      )
      .join('')
    return send(
      res,
      200,
      `${XML}<ListAllMyBucketsResult ${NS}><Owner><ID>stub</ID><DisplayName>stub</DisplayName></Owner><Buckets>${list}</Buckets></ListAllMyBucketsResult>`,
    )
  }
  const bucket = bucketOf(name)

  if (!key) {
    if (method === 'PUT') return (count('CreateBucket'), send(res, 200, '', { location: `/${name}` }))
    if (method === 'HEAD')
      return (count('HeadBucket'), send(res, 200, '', { 'x-amz-bucket-region': 'us-east-1' }))
    if (method === 'DELETE') return (count('DeleteBucket'), buckets.delete(name), send(res, 204))
    if (method === 'POST' && q.has('delete')) return (count('DeleteObjects'), deleteObjects(req, res, bucket))
    if (method === 'GET' && q.has('location'))
      return (
        count('GetBucketLocation'),
        send(res, 200, `${XML}<LocationConstraint ${NS}></LocationConstraint>`)
      )
    if (method === 'GET' && q.has('uploads')) return (count('ListMultipartUploads'), listUploads(res, name))
    if (method === 'GET')
      return (
        count(q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects'),
        listObjects(res, bucket, name, q)
      )
    return fail(res, 501, 'NotImplemented', `${method} on a bucket is not implemented by the stub`)
  }

  if (streaming && (method === 'PUT' || method === 'POST')) {
    req.resume()
    return fail(
      res,
      400,
      'NotImplemented',
      'the stub does not decode aws-chunked bodies; use requestChecksumCalculation WHEN_REQUIRED',
    )
  }

  const uploadId = q.get('uploadId')
  if (method === 'POST' && q.has('uploads')) {
    count('CreateMultipartUpload')
    req.resume()
    const checksum = checksums ? uploadChecksumOf(req.headers) : undefined
    if (checksum?.error) return fail(res, 400, 'InvalidRequest', checksum.error)
    if (checksum?.notImplemented) return fail(res, 501, 'NotImplemented', checksum.notImplemented)
    const id = randomUUID()
    const encryption = encryptionOf(req.headers, values['default-sse-kms'])
    uploads.set(id, {
      bucket: name,
      key,
      initiated: new Date(),
      contentType: req.headers['content-type'] ?? 'binary/octet-stream',
      meta: metaOf(req.headers),
      parts: new Map(),
      checksum,
      encryption,
    })
    const echo = checksum
      ? { 'x-amz-checksum-algorithm': checksum.algorithm, 'x-amz-checksum-type': checksum.type }
      : {}
    return send(
      res,
      200,
      `${XML}<InitiateMultipartUploadResult ${NS}><Bucket>${xmlEscape(name)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
      { ...echo, ...encryption },
    )
  }
  if (method === 'POST' && uploadId)
    return (count('CompleteMultipartUpload'), completeUpload(req, res, name, key, uploadId))
  if (method === 'PUT' && uploadId) {
    count('UploadPart')
    if (req.headers['x-amz-copy-source'])
      return (req.resume(), fail(res, 501, 'NotImplemented', 'UploadPartCopy is not implemented by the stub'))
    const n = Number(q.get('partNumber'))
    const upload = uploads.get(uploadId)
    const got = await consume(req, algorithmsOf(req, upload))
    if (!upload || upload.bucket !== name || upload.key !== key)
      return fail(res, 404, 'NoSuchUpload', 'The specified upload does not exist.', key)
    if (!(n >= 1 && n <= 10000)) return fail(res, 400, 'InvalidArgument', 'partNumber must be 1..10000')
    const sent = checksums ? sentChecksum(req.headers) : undefined
    if (sent && !sent.error && upload.checksum && sent.algorithm !== upload.checksum.algorithm)
      return fail(
        res,
        400,
        'InvalidRequest',
        `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksum.algorithm.toLowerCase()}, actual checksum Type: ${sent.algorithm.toLowerCase()}`,
      )
    if (rejectBody(req, res, got)) return
    const etag = got.md5.toString('hex')
    let checksum = upload.checksum ? got.digests[upload.checksum.algorithm] : undefined
    // Damage at rest, after every check on arrival passed: only the whole-object checksum
    // at Complete can see it.
    if (checksum && n === corruptPart) checksum = Buffer.from(checksum.map((b, i) => (i === 0 ? b ^ 1 : b)))
    upload.parts.set(n, {
      md5: got.md5,
      size: got.size,
      etag,
      lastModified: new Date(),
      checksum,
      ...(got.body ? { body: got.body } : {}),
    })
    const echo = sent && !sent.error ? { [`x-amz-checksum-${sent.algorithm.toLowerCase()}`]: sent.value } : {}
    return send(res, 200, '', { etag: quoted(etag), ...echo, ...upload.encryption })
  }
  if (method === 'GET' && uploadId) {
    count('ListParts')
    const upload = uploads.get(uploadId)
    if (!upload) return fail(res, 404, 'NoSuchUpload', 'The specified upload does not exist.', key)
    return listParts(res, upload, uploadId, q)
  }
  if (method === 'DELETE' && uploadId) {
    count('AbortMultipartUpload')
    if (!uploads.delete(uploadId))
      return fail(res, 404, 'NoSuchUpload', 'The specified upload does not exist.', key)
    return send(res, 204)
  }
  if (method === 'PUT') {
    count('PutObject')
    if (req.headers['x-amz-copy-source'])
      return (req.resume(), fail(res, 501, 'NotImplemented', 'CopyObject is not implemented by the stub'))
    const storageClass = storageClassOf(req)
    const got = await consume(req, algorithmsOf(req), keepsBytes(storageClass))
    if (rejectBody(req, res, got)) return
    if (req.headers['if-none-match'] === '*' && bucket.has(key))
      return fail(res, 412, 'PreconditionFailed', 'the object exists', key)
    const encryption = encryptionOf(req.headers, values['default-sse-kms'])
    const md5 = got.md5.toString('hex')
    const etag = encryption ? opaqueEtag(md5) : md5
    const sent = checksums ? sentChecksum(req.headers) : undefined
    const checksum = sent ? { algorithm: sent.algorithm, value: sent.value, type: 'FULL_OBJECT' } : undefined
    bucket.set(key, {
      size: got.size,
      etag,
      lastModified: new Date(),
      contentType: req.headers['content-type'] ?? 'binary/octet-stream',
      meta: metaOf(req.headers),
      encryption,
      checksum,
      storageClass,
      // Stub only: stands in for the lifecycle that moves an object to an archive tier.
      ...(req.headers['x-stub-archive-status']
        ? { archiveStatus: req.headers['x-stub-archive-status'] }
        : {}),
      ...(got.body ? { body: got.body } : {}),
    })
    return send(res, 200, '', { etag: quoted(etag), ...checksumHeaders(checksum), ...encryption })
  }
  if (method === 'HEAD') {
    count('HeadObject')
    const o = bucket.get(key)
    if (!o) return fail(res, 404, 'NoSuchKey', 'The specified key does not exist.', key)
    const ifMatch = req.headers['if-match']
    if (ifMatch && bare(ifMatch) !== o.etag)
      return fail(res, 412, 'PreconditionFailed', 'If-Match failed', key)
    res.writeHead(200, { 'x-amz-request-id': randomUUID(), ...objectHeaders(o, req) })
    return res.end()
  }
  if (method === 'POST' && q.has('restore')) {
    count('RestoreObject')
    const o = bucket.get(key)
    const body = await text(req)
    if (!o) return fail(res, 404, 'NoSuchKey', 'The specified key does not exist.', key)
    const answer = restore(o, body, Number(values['restore-ms']))
    if (answer.code) return fail(res, answer.status, answer.code, answer.message, key)
    return send(res, answer.status)
  }
  if (method === 'GET' && bucket.get(key)?.body) {
    count('GetObject')
    const o = bucket.get(key)
    const refusal = getRefusal(o)
    if (refusal) return fail(res, refusal.status, refusal.code, refusal.message, key)
    return sendBytes(req, res, o)
  }
  if (method === 'GET') {
    count('GetObject')
    return fail(
      res,
      bucket.has(key) ? 501 : 404,
      bucket.has(key) ? 'NotImplemented' : 'NoSuchKey',
      'the stub keeps no object bytes (see --keep-bytes)',
      key,
    )
  }
  if (method === 'DELETE') {
    count('DeleteObject')
    bucket.delete(key)
    return send(res, 204)
  }
  req.resume()
  return fail(res, 501, 'NotImplemented', `${method} ${url.pathname} is not implemented by the stub`)
}

const server = createServer((req, res) => {
  handle(req, res).catch((e) => {
    if (!res.headersSent) fail(res, 500, 'InternalError', e instanceof Error ? e.message : String(e))
    else res.destroy()
  })
})
// Clients keep connections alive for a while; closing first races with their next request.
server.keepAliveTimeout = 120_000
server.headersTimeout = 125_000
server.requestTimeout = 0
server.listen(Number(values.port), values.host, () => {
  const { address, port } = server.address()
  process.stdout.write(`STUB_S3_ENDPOINT=http://${address}:${port}\n`)
})
for (const signal of ['SIGTERM', 'SIGINT'])
  process.on(signal, () => server.close(() => process.exit(0)).closeAllConnections())
