#!/usr/bin/env node
// The @aws-sdk/lib-storage contender: what a Node developer writes with the SDK's own
// multipart helper. A file streamed from disk (fs.createReadStream) into Upload with the same
// part size and concurrency (queueSize) as the others; checksums only where required, since
// radosgw rejects the SDK's default aws-chunked bodies (see FACTS.md). No verification: that
// is the point of comparison.
//
//   node lib-storage-upload.mjs --endpoint URL --bucket B (--file F --key K | --dir D --prefix P)
//        [--part-size BYTES] [--concurrency N] [--region R]
// Credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Prints one JSON line per object
// ({ key, bytes, etag }) and a final { files, bytes } line.
import { createReadStream } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string' },
    region: { type: 'string', default: 'us-east-1' },
    bucket: { type: 'string' },
    file: { type: 'string' },
    key: { type: 'string' },
    dir: { type: 'string' },
    prefix: { type: 'string', default: '' },
    'part-size': { type: 'string', default: String(8 * 1024 * 1024) },
    concurrency: { type: 'string', default: '8' },
  },
})
if (!values.endpoint || !values.bucket || !(values.file && values.key) === !values.dir) {
  process.stderr.write(
    'usage: lib-storage-upload.mjs --endpoint URL --bucket B (--file F --key K | --dir D --prefix P)\n',
  )
  process.exit(2)
}
const partSize = Number(values['part-size'])
const concurrency = Number(values.concurrency)

const client = new S3Client({
  endpoint: values.endpoint,
  region: values.region,
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
  },
})

async function uploadOne(file, key, queueSize) {
  const upload = new Upload({
    client,
    params: { Bucket: values.bucket, Key: key, Body: createReadStream(file) },
    partSize,
    queueSize,
    leavePartsOnError: false,
  })
  const out = await upload.done()
  const bytes = (await stat(file)).size
  process.stdout.write(`${JSON.stringify({ key, bytes, etag: (out.ETag ?? '').replaceAll('"', '') })}\n`)
  return bytes
}

let files = 0
let bytes = 0
if (values.file) {
  bytes = await uploadOne(values.file, values.key, concurrency)
  files = 1
} else {
  // One Upload per file (each a single PutObject below the part size), `concurrency` files at a
  // time: the same number of requests in flight as the multipart case.
  const names = (await readdir(values.dir, { withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => d.name)
    .sort()
  let next = 0
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]
      bytes += await uploadOne(join(values.dir, name), `${values.prefix}${name}`, 1)
      files++
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker))
}
process.stdout.write(`${JSON.stringify({ files, bytes })}\n`)
client.destroy()
