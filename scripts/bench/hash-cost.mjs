// The CPU one GiB costs each hash an upload or download may compute: MD5 (Content-MD5 and
// ETags), CRC32 and CRC32C from @node-rs/crc32 (native, what Ferry uses), CRC32 from zlib.crc32
// (its fallback where the binding cannot load), CRC32C and CRC64NVME in JavaScript
// (@aws-sdk/checksums, CRC32C's fallback and CRC64NVME's only implementation).
// In one process, 2 MiB chunks of random bytes, best of --rounds (default 3): on a shared
// machine the best run is the one least disturbed by neighbours.
//   node scripts/bench/hash-cost.mjs [--gib N] [--rounds N]
import { createHash, randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { crc32 } from 'node:zlib'
import { Crc32cJs, Crc64NvmeJs } from '@aws-sdk/checksums/crc'
import * as native from '@node-rs/crc32'

const { values } = parseArgs({
  options: { gib: { type: 'string', default: '1' }, rounds: { type: 'string', default: '3' } },
})
const CHUNK = 2 * 1024 * 1024
const chunks = Math.round((Number(values.gib) * 1024 * 1024 * 1024) / CHUNK)
const chunk = randomBytes(CHUNK)

const hashes = {
  'MD5 (Content-MD5, ETags)': () => {
    const h = createHash('md5')
    return { update: (b) => h.update(b), end: async () => h.digest() }
  },
  'CRC32, @node-rs/crc32': () => {
    let c = 0
    return { update: (b) => void (c = native.crc32(b, c)), end: async () => c }
  },
  'CRC32, zlib.crc32': () => {
    let c = 0
    return { update: (b) => void (c = crc32(b, c)), end: async () => c }
  },
  'CRC32C, @node-rs/crc32': () => {
    let c = 0
    return { update: (b) => void (c = native.crc32c(b, c)), end: async () => c }
  },
  'CRC32C, JavaScript': () => {
    const h = new Crc32cJs()
    return { update: (b) => h.update(b), end: () => h.digest() }
  },
  'CRC64NVME, JavaScript': () => {
    const h = new Crc64NvmeJs()
    return { update: (b) => h.update(b), end: () => h.digest() }
  },
}

const cpuSeconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

console.log(`| hash | CPU-s per GiB (best of ${values.rounds}) |`)
console.log('| --- | ---: |')
for (const [name, make] of Object.entries(hashes)) {
  let best = Infinity
  for (let round = 0; round < Number(values.rounds); round++) {
    const start = cpuSeconds()
    const h = make()
    for (let i = 0; i < chunks; i++) h.update(chunk)
    await h.end()
    best = Math.min(best, (cpuSeconds() - start) / Number(values.gib))
  }
  console.log(`| ${name} | ${best.toFixed(2)} |`)
}
