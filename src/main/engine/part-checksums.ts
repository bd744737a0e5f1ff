// The whole object's CRC32 from its parts', and the part list Complete sends with them: an
// upload created with a full-object CRC32 is completed with the whole object's value, which
// the store checks against the bytes it holds (BadDigest when they differ).
import type { CompletedPart } from '@aws-sdk/client-s3'
import { FerryError } from '../../shared/errors'
import { crcToBase64, wholeCrc } from '../s3/full-object-checksum'
import type { PartOutcome } from './multipart-upload'
import type { TransferContext } from './transfer-context'

/** The CRC32 of the parts in order, or undefined when a part's is unknown (an older journal's). */
export function wholeCrcOfParts(parts: readonly PartOutcome[]): bigint | undefined {
  const runs: { crc: bigint; size: number }[] = []
  for (const p of parts) {
    if (p.crc32 === undefined) return undefined
    runs.push({ crc: BigInt(p.crc32), size: p.size })
  }
  return wholeCrc('CRC32', runs)
}

/** The part list, each part with its CRC32 when the whole object's is sent too. */
export const completedParts = (parts: readonly PartOutcome[], withChecksums: boolean): CompletedPart[] =>
  parts.map((p) => ({
    PartNumber: p.partNumber,
    ETag: p.etag,
    ...(withChecksums && p.crc32 !== undefined
      ? { ChecksumCRC32: crcToBase64('CRC32', BigInt(p.crc32)) }
      : {}),
  }))

/**
 * The store refused the CRC32s sent with the part list (BadDigest for the whole object's,
 * InvalidPart for a part's): a part it holds is not what was read and sent.
 */
export const partsDamaged = (ctx: TransferContext, crc: bigint, storeCode: string): FerryError =>
  new FerryError({
    code: 'integrity',
    message: `the store's CRC32 of the parts of s3://${ctx.spec.bucket}/${ctx.spec.key} differs from ${ctx.spec.source}'s (${crcToBase64('CRC32', crc)}, ${storeCode}): a part was damaged after it was accepted; the upload was aborted and no object was written`,
    fix: 'Upload the file again (ferry resume starts it over); if this repeats, the store is damaging data.',
  })
