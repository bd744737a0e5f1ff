// What the download and sync scenarios need around the timed runs, none of it timed: the source
// objects put on the server once (seeded with the SDK, checked), an empty target folder for each
// run, and the checks afterwards, against the local source data: every downloaded file's size
// and MD5, and for a sync that must move nothing, that no object was written again.
import { createHash } from 'node:crypto'
import { createReadStream, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { fileMd5 } from './bench-data.mjs'
import { checkObject, listAll } from './servers.mjs'

/**
 * The big file as one object at `key`, uploaded in parts of partSize so that its ETag is the
 * multipart one the runner computed (input.etag), and checked before any contender reads it.
 */
export async function seedObject(client, bucket, key, input, partSize) {
  const upload = new Upload({
    client,
    params: { Bucket: bucket, Key: key, Body: createReadStream(input.path) },
    partSize,
    queueSize: 4,
    leavePartsOnError: false,
  })
  await upload.done()
  const problems = await checkObject(client, bucket, key, { size: input.size, etag: input.etag })
  if (problems.length) throw new Error(`seeding s3://${bucket}/${key} failed: ${problems.join('; ')}`)
}

/** Every small file as one object under prefix, `concurrency` PUTs at a time. */
export async function seedPrefix(client, bucket, prefix, data, concurrency) {
  let next = 0
  const worker = async () => {
    while (next < data.files.length) {
      const f = data.files[next++]
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: prefix + f.name,
          Body: readFileSync(join(data.dir, f.name)),
        }),
      )
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

/** The folder a download run writes into: removed with whatever an earlier run left, made anew. */
export function emptyFolder(dir) {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
}

/** Problems with one downloaded file ([] when it has the source's size and MD5). */
export async function checkDownloadedFile(path, input) {
  let size
  try {
    size = statSync(path).size
  } catch {
    return [`${path} is missing`]
  }
  if (size !== input.size) return [`size ${size}, expected ${input.size}`]
  const md5 = await fileMd5(path)
  return md5 === input.md5 ? [] : [`MD5 ${md5}, expected ${input.md5}`]
}

function filesUnder(dir) {
  const out = []
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(relative(dir, join(entry.parentPath ?? entry.path, entry.name)))
  }
  return out
}

/** Problems with a downloaded folder: every source file there with its size and MD5, nothing else. */
export function checkDownloadedFolder(dir, data) {
  const present = new Set(filesUnder(dir))
  let missing = 0
  let wrong = 0
  for (const f of data.files) {
    if (!present.has(f.name)) {
      missing++
      continue
    }
    const bytes = readFileSync(join(dir, f.name))
    if (bytes.length !== f.size || createHash('md5').update(bytes).digest('hex') !== f.etag) wrong++
  }
  const extra = present.size - (data.files.length - missing)
  const problems = []
  if (missing) problems.push(`${missing} of ${data.files.length} files missing`)
  if (wrong) problems.push(`${wrong} files with a wrong size or MD5`)
  if (extra > 0) problems.push(`${extra} unexpected files (${[...present].slice(-1)[0]}, ...)`)
  return problems
}

/** What the server holds under prefix: key -> size, ETag and Last-Modified. */
export async function snapshotPrefix(client, bucket, prefix) {
  return new Map(
    (await listAll(client, bucket, prefix)).map((o) => [
      o.Key,
      { size: o.Size, etag: o.ETag, lastModified: o.LastModified?.getTime() },
    ]),
  )
}

/**
 * Problems with a sync that had nothing to do: an object written again (a new Last-Modified,
 * even with the same bytes), removed, or added since the seed.
 */
export function unchangedSince(before, after) {
  let rewritten = 0
  let gone = 0
  for (const [key, was] of before) {
    const now = after.get(key)
    if (!now) gone++
    else if (now.lastModified !== was.lastModified || now.etag !== was.etag || now.size !== was.size)
      rewritten++
  }
  const added = [...after.keys()].filter((k) => !before.has(k)).length
  const problems = []
  if (rewritten)
    problems.push(`${rewritten} of ${before.size} objects written again: the sync was not a no-op`)
  if (gone) problems.push(`${gone} objects removed`)
  if (added) problems.push(`${added} objects added`)
  return problems
}
