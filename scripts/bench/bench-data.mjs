// The files the benchmark uploads, made once and reused (outside the repo), and what a correct
// upload of them must look like on the server: sizes and ETags computed here, independently of
// every contender.
import { createHash, randomFillSync } from 'node:crypto'
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'

export const KiB = 1024
export const MiB = 1024 * KiB
export const GiB = 1024 * MiB

const md5hex = (bytes) => createHash('md5').update(bytes).digest('hex')

/** The MD5 of a file, streamed (the big file does not fit in one buffer comfortably). */
export async function fileMd5(path) {
  const hash = createHash('md5')
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * MiB })) hash.update(chunk)
  return hash.digest('hex')
}

/** Random bytes, so that nothing along the way can compress or deduplicate them. */
function writeRandomFile(path, size) {
  const block = Buffer.allocUnsafe(16 * MiB)
  const fd = openSync(`${path}.tmp`, 'w')
  try {
    for (let done = 0; done < size;) {
      const n = Math.min(block.length, size - done)
      randomFillSync(block, 0, n)
      writeSync(fd, block, 0, n)
      done += n
    }
  } finally {
    closeSync(fd)
  }
  // Renamed only when complete, so an interrupted run never leaves a short file behind.
  renameSync(`${path}.tmp`, path)
}

/** S3's ETag for this file uploaded in parts of partSize (a plain MD5 when it fits one part). */
async function expectedEtag(path, size, partSize) {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.allocUnsafe(partSize)
    const digests = []
    for (let offset = 0; offset < size; offset += partSize) {
      const n = Math.min(partSize, size - offset)
      let filled = 0
      while (filled < n) filled += (await handle.read(buffer, filled, n - filled, offset + filled)).bytesRead
      digests.push(createHash('md5').update(buffer.subarray(0, n)).digest())
    }
    if (digests.length <= 1) return (digests[0] ?? createHash('md5').digest()).toString('hex')
    return `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${digests.length}`
  } finally {
    await handle.close()
  }
}

/**
 * A file of `size` random bytes and its expected multipart ETag for partSize (with `md5`, also
 * its plain MD5, what a download must match). Both are cached next to the file (keyed by size,
 * mtime and part size) since hashing 4 GiB takes a while.
 */
export async function bigFile(dataDir, size, partSize, log, { md5 = false } = {}) {
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, `big-${size}.bin`)
  if (!existsSync(path) || statSync(path).size !== size) {
    log(`writing ${path} (${size / MiB} MiB of random bytes)`)
    writeRandomFile(path, size)
  }
  const { mtimeMs } = statSync(path)
  const cachePath = `${path}.etags.json`
  let cache
  try {
    cache = JSON.parse(readFileSync(cachePath, 'utf8'))
  } catch {
    cache = {}
  }
  const id = `${size}:${mtimeMs}:${partSize}`
  if (!cache[id]) {
    log(`computing the expected ETag of ${path} for ${partSize / MiB} MiB parts`)
    cache[id] = await expectedEtag(path, size, partSize)
    writeFileSync(cachePath, JSON.stringify(cache))
  }
  const md5Id = `${size}:${mtimeMs}:md5`
  if (md5 && !cache[md5Id]) {
    log(`computing the MD5 of ${path}`)
    cache[md5Id] = await fileMd5(path)
    writeFileSync(cachePath, JSON.stringify(cache))
  }
  return { path, size, etag: cache[id], ...(md5 ? { md5: cache[md5Id] } : {}) }
}

/** A folder of `count` random files of `size` bytes each, and the MD5 (= ETag) of each. */
export function smallFiles(dataDir, count, size, log) {
  const dir = join(dataDir, `small-${count}x${size}`)
  mkdirSync(dir, { recursive: true })
  const names = Array.from({ length: count }, (_, i) => `f${String(i).padStart(5, '0')}.bin`)
  const present = new Set(readdirSync(dir))
  const missing = names.filter((n) => !present.has(n) || statSync(join(dir, n)).size !== size)
  if (missing.length > 0) log(`writing ${missing.length} files of ${size / KiB} KiB in ${dir}`)
  for (const name of missing) writeFileSync(join(dir, name), randomFillSync(Buffer.allocUnsafe(size)))
  const extra = [...present].filter((n) => !names.includes(n))
  if (extra.length > 0)
    throw new Error(
      `${dir} holds files the benchmark did not write (${extra.slice(0, 3).join(', ')}); remove them`,
    )
  const files = names.map((name) => ({ name, size, etag: md5hex(readFileSync(join(dir, name))) }))
  return { dir, count, size, bytes: count * size, files }
}
