import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { crcHasher, crcToBase64, type ChecksumAlgorithm } from '../../s3/full-object-checksum'
import { checksumVerdict } from './checksum-verdict'

const dir = mkdtempSync(join(tmpdir(), 'ferry-checksum-verdict-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const bytes = randomBytes(3 * 1024 * 1024 + 17)
const path = join(dir, 'object.bin')
writeFileSync(path, bytes)

async function crcText(algorithm: ChecksumAlgorithm, data: Uint8Array): Promise<string> {
  const h = crcHasher(algorithm)
  h.update(data)
  return crcToBase64(algorithm, await h.value())
}

describe('checksumVerdict', () => {
  it.each(['CRC32', 'CRC32C', 'CRC64NVME'] as const)(
    'verifies a file against a full-object %s read back from the store',
    async (algorithm) => {
      const file = await open(path, 'r')
      try {
        const stored = { algorithm, value: await crcText(algorithm, bytes), type: 'FULL_OBJECT' }
        const verdict = await checksumVerdict(file, bytes.length, stored)
        expect(verdict).toMatchObject({
          mismatch: false,
          verification: { verified: true, method: `full-object-${algorithm.toLowerCase()}` },
        })
      } finally {
        await file.close()
      }
    },
  )

  it('calls a different value a definite mismatch', async () => {
    const file = await open(path, 'r')
    try {
      const other = Buffer.from(bytes)
      other[12345]! ^= 1
      const stored = {
        algorithm: 'CRC32' as const,
        value: await crcText('CRC32', other),
        type: 'FULL_OBJECT',
      }
      const verdict = await checksumVerdict(file, bytes.length, stored)
      expect(verdict).toMatchObject({ mismatch: true, definite: true, verification: { verified: false } })
    } finally {
      await file.close()
    }
  })
})
