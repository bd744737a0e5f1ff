// How a transfer's proof is named and read back. Journals written before proofs were named by
// method hold 'md5-etag' for an MD5 ETag and an unverified verdict without a method.
import type { Verification, VerifiedMethod } from './domain/transfer'

const LABELS: Record<VerifiedMethod, string> = {
  md5: 'MD5 ETag',
  'multipart-etag': 'multipart ETag',
  'full-object-crc32': 'full-object CRC32',
  'full-object-crc32c': 'full-object CRC32C',
  'full-object-crc64nvme': 'full-object CRC64NVME',
}

/** What an unproven transfer did prove, before its reason. */
const PROVEN_INSTEAD = { parts: 'parts only', size: 'size only' } as const

/**
 * For people: "Verified · full-object CRC32", "Not proven: parts only — REASON",
 * "Not proven — REASON". The method is always named, never a bare "not verified".
 */
export function verificationText(v: Verification): string {
  if (v.verified) return `Verified · ${LABELS[v.method]}`
  if (v.method === 'none') return `Not proven — ${v.reason}`
  return `Not proven: ${PROVEN_INSTEAD[v.method]} — ${v.reason}`
}

/** A verification from a journal of any Ferry version. */
export function readVerification(v: unknown): Verification | undefined {
  if (typeof v !== 'object' || v === null) return undefined
  const r = v as { verified?: unknown; method?: unknown; detail?: unknown; reason?: unknown }
  if (r.verified === true) {
    const method = r.method === 'md5-etag' ? 'md5' : r.method
    if (typeof method !== 'string' || !(method in LABELS)) return undefined
    return { verified: true, method: method as VerifiedMethod, detail: String(r.detail ?? '') }
  }
  if (r.verified !== false) return undefined
  const method = r.method === 'parts' || r.method === 'size' ? r.method : 'none'
  return { verified: false, method, reason: String(r.reason ?? 'not recorded') }
}
