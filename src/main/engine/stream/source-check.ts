// Back-to-back checking: the digest the source offers (headers, or --source-md5) against the
// digest of the bytes streamed, joined with the ETag check S3's side gives.
import type { Verification } from '../../../shared/domain/transfer'
import type { SourceCheck } from '../../../shared/engine-protocol'
import { FerryError } from '../../../shared/errors'
import { isMd5Hex, md5FromText, type OfferedDigest } from '../../../shared/source-digest'
import { throwIfStopped } from '../../s3/stop-signal'
import type { WholeDigest } from './ordered-digest'
import type { NetworkSettings } from '../../s3/network-settings'
import { openSource } from './open-source'

const MD5_FILE_LIMIT = 64 * 1024

/** The digest to compare against: --source-md5 (a hex value or a URL to an .md5 file) wins over headers. */
export async function expectedDigest(
  given: string | undefined,
  offered: readonly OfferedDigest[],
  signal: AbortSignal,
  network: NetworkSettings = {},
): Promise<OfferedDigest | undefined> {
  if (given === undefined) return offered[0]
  if (isMd5Hex(given)) return { algorithm: 'md5', hex: given.trim().toLowerCase(), from: '--source-md5' }
  const source = openSource(given, network)
  try {
    const body = await source.open({ start: 0 }, undefined, signal)
    let text = ''
    try {
      for await (const chunk of body.chunks) {
        text += chunk.toString('latin1')
        if (text.length > MD5_FILE_LIMIT) break
      }
    } finally {
      body.close()
    }
    throwIfStopped(signal)
    const hex = md5FromText(text)
    if (!hex) {
      throw new FerryError({
        code: 'bad-input',
        message: `${source.display} holds no MD5 (32 hex digits)`,
        fix: 'Point --source-md5 at an md5sum-style file, or give the 32 hex digits themselves.',
      })
    }
    return { algorithm: 'md5', hex, from: `--source-md5 ${source.display}` }
  } finally {
    source.close()
  }
}

export function checkSource(expected: OfferedDigest | undefined, whole: WholeDigest): SourceCheck {
  if (!expected)
    return {
      compared: false,
      reason: 'the source offered no digest (no Content-MD5, Digest or Repr-Digest; no --source-md5)',
    }
  if (!whole.available)
    return { compared: false, reason: `the ${expected.from} was not compared: ${whole.reason}` }
  const actual = whole.hex[expected.algorithm]
  if (actual === undefined) return { compared: false, reason: `no ${expected.algorithm} was computed` }
  return {
    compared: true,
    match: actual === expected.hex,
    algorithm: expected.algorithm,
    from: expected.from,
    expected: expected.hex,
    actual,
  }
}

/** The transfer's verification: S3's ETag proof, and the source digest, each said in the detail. */
export function joinVerification(s3: Verification, source: SourceCheck): Verification {
  const sourceText = source.compared
    ? source.match
      ? `the ${source.algorithm.toUpperCase()} of the bytes streamed equals the ${source.from} (${source.actual})`
      : `the ${source.from} says ${source.algorithm.toUpperCase()} ${source.expected}, the bytes streamed give ${source.actual}`
    : `source digest not checked: ${source.reason}`
  if (source.compared && !source.match) return { verified: false, method: 'none', reason: sourceText }
  if (!s3.verified) return { ...s3, reason: `${s3.reason}; ${sourceText}` }
  return { ...s3, detail: `${s3.detail}; ${sourceText}` }
}
