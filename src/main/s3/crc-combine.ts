// Combining CRCs of consecutive byte runs: crc(A || B) from crc(A), crc(B) and the length of
// B, without the bytes. Parts are read in parallel, each CRC'd in the pass that computes its
// Content-MD5; the whole object's CRC is then one combine per part. This is zlib's
// crc32_combine (1.2.12 and later: multmodp and x2nmodp, polynomials over GF(2) modulo the
// CRC's), written for any reflected CRC whose initial value and final XOR are all ones, which
// holds for the three S3 offers as full-object checksums: CRC32, CRC32C and CRC64NVME.
// https://github.com/madler/zlib/blob/develop/crc32.c

export interface CrcSpec {
  name: 'CRC32' | 'CRC32C' | 'CRC64NVME'
  width: 32 | 64
  /** The polynomial, bit-reflected (the form table-driven reflected CRCs use). */
  poly: bigint
}

export const CRC32: CrcSpec = { name: 'CRC32', width: 32, poly: 0xedb88320n }
export const CRC32C: CrcSpec = { name: 'CRC32C', width: 32, poly: 0x82f63b78n }
export const CRC64NVME: CrcSpec = { name: 'CRC64NVME', width: 64, poly: 0x9a6c9329ac4bc9b5n }

/** a(x) * b(x) modulo the CRC's polynomial, in the reflected representation (x^0 is the top bit). */
function multModP(spec: CrcSpec, a: bigint, b: bigint): bigint {
  let m = 1n << BigInt(spec.width - 1)
  let p = 0n
  for (;;) {
    if (a & m) {
      p ^= b
      if ((a & (m - 1n)) === 0n) break
    }
    m >>= 1n
    b = b & 1n ? (b >> 1n) ^ spec.poly : b >> 1n
  }
  return p
}

/** x^(2^k) modulo the polynomial for k = 0..63, squared up once per CRC. */
const powerTables = new Map<CrcSpec['name'], bigint[]>()

function powers(spec: CrcSpec): bigint[] {
  let table = powerTables.get(spec.name)
  if (!table) {
    table = [1n << BigInt(spec.width - 2)]
    for (let k = 1; k < 64; k++) table.push(multModP(spec, table[k - 1]!, table[k - 1]!))
    powerTables.set(spec.name, table)
  }
  return table
}

/** x^(8 * bytes) modulo the polynomial: what appending `bytes` zero bytes does to a CRC register. */
function shiftOf(spec: CrcSpec, bytes: number): bigint {
  const table = powers(spec)
  let p = 1n << BigInt(spec.width - 1)
  // 8 * bytes = bytes * 2^3: start at the table's third power.
  let k = 3
  for (let n = bytes; n > 0; n = Math.floor(n / 2), k++) {
    if (n % 2 === 1) p = multModP(spec, table[k % 64]!, p)
  }
  return p
}

/** The CRC of A || B, given crc(A), crc(B) and B's length in bytes. */
export function combineCrc(spec: CrcSpec, crcA: bigint, crcB: bigint, lengthB: number): bigint {
  if (!Number.isSafeInteger(lengthB) || lengthB < 0) throw new RangeError(`bad length ${lengthB}`)
  return multModP(spec, shiftOf(spec, lengthB), crcA) ^ crcB
}

/** The CRC of the concatenation of runs, each given by its CRC and length, in order. */
export function combineRuns(spec: CrcSpec, runs: readonly { crc: bigint; size: number }[]): bigint {
  let crc = 0n
  for (const run of runs) crc = combineCrc(spec, crc, run.crc, run.size)
  return crc
}
