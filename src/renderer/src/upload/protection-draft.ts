// The upload sheet's encryption, storage class, ACL and tags as typed, turned into the upload's
// headers. An SSE-C key never reaches the page: the person names its file, and main reads it.
import type { UploadHeaders } from '../../../shared/domain/transfer'
import { cannedAclSchema, parseTagging } from '../../../shared/encryption'

export type EncryptionChoice = 'none' | 'sse-s3' | 'sse-kms' | 'sse-c'

export interface ProtectionDraft {
  encryption: EncryptionChoice
  kmsKeyId: string
  /** Path of the 32-byte SSE-C key file. */
  keyFile: string
  storageClass: string
  acl: string
  /** k=v&k2=v2, as --tagging takes it. */
  tagging: string
}

export const emptyProtection: ProtectionDraft = {
  encryption: 'none',
  kmsKeyId: '',
  keyFile: '',
  storageClass: '',
  acl: '',
  tagging: '',
}

export type ProtectionResult =
  | {
      ok: true
      headers: Pick<UploadHeaders, 'encryption' | 'acl' | 'tags' | 'storageClass'>
      keyFile?: string
    }
  | { ok: false; problem: string }

export function protectionOf(d: ProtectionDraft): ProtectionResult {
  const headers: Pick<UploadHeaders, 'encryption' | 'acl' | 'tags' | 'storageClass'> = {}
  let keyFile: string | undefined
  if (d.encryption === 'sse-s3') headers.encryption = { kind: 'sse-s3' }
  if (d.encryption === 'sse-kms')
    headers.encryption = { kind: 'sse-kms', ...(d.kmsKeyId.trim() ? { keyId: d.kmsKeyId.trim() } : {}) }
  if (d.encryption === 'sse-c') {
    if (!d.keyFile.trim()) return { ok: false, problem: 'Name the file that holds the 32-byte SSE-C key.' }
    keyFile = d.keyFile.trim()
  }
  const storageClass = d.storageClass.trim()
  if (storageClass) {
    if (!/^[A-Z0-9_]+$/.test(storageClass))
      return { ok: false, problem: 'A storage class is upper case, such as STANDARD_IA.' }
    headers.storageClass = storageClass
  }
  if (d.acl) {
    const acl = cannedAclSchema.safeParse(d.acl)
    if (!acl.success) return { ok: false, problem: `"${d.acl}" is not a canned ACL.` }
    headers.acl = acl.data
  }
  if (d.tagging.trim()) {
    try {
      headers.tags = parseTagging(d.tagging.trim())
    } catch (e) {
      return { ok: false, problem: (e as Error).message }
    }
  }
  return { ok: true, headers, ...(keyFile ? { keyFile } : {}) }
}
