// crc32(A || B) from crc32(A), crc32(B) and B's length, without reading A or B again: zlib's
// crc32_combine (GF(2) matrices, O(log length)), so a program that hashes parts in any order can
// still give the whole object's CRC32 as cheaply as Ferry does.
const POLY = 0xedb88320

function timesVector(matrix, vector) {
  let sum = 0
  for (let i = 0; vector !== 0; i++, vector >>>= 1) if (vector & 1) sum ^= matrix[i]
  return sum >>> 0
}

function square(matrix) {
  return matrix.map((_, i) => timesVector(matrix, matrix[i]))
}

/** The CRC32 of A followed by B (B `lengthB` bytes long). */
export function crc32Combine(crcA, crcB, lengthB) {
  if (lengthB <= 0) return crcA >>> 0
  // The operator for one zero bit, then squared to two, four, ... zero bits.
  let odd = [POLY, ...Array.from({ length: 31 }, (_, i) => 1 << i)].map((x) => x >>> 0)
  let even = square(odd) // two zero bits
  odd = square(even) // four zero bits
  let crc = crcA >>> 0
  let len = lengthB
  // Each step applies len's lowest bit as a number of zero bytes, starting at one byte.
  do {
    even = square(odd)
    if (len & 1) crc = timesVector(even, crc)
    len = Math.floor(len / 2)
    if (len === 0) break
    odd = square(even)
    if (len & 1) crc = timesVector(odd, crc)
    len = Math.floor(len / 2)
  } while (len !== 0)
  return (crc ^ crcB) >>> 0
}
