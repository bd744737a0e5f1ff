// A connection's default encryption as the connection form and the upload sheet hold it.
import type { ConnectionEncryption } from '../../../shared/connection-encryption'
import type { EncryptionChoice } from './protection-draft'

export interface EncryptionDraft {
  encryption: EncryptionChoice
  kmsKeyId: string
  /** Path of the 32-byte SSE-C key file. */
  keyFile: string
}

/** The fields that show a connection's default (none when it has no default). */
export function encryptionDraftOf(e: ConnectionEncryption | undefined): EncryptionDraft {
  return {
    encryption: e?.kind ?? 'none',
    kmsKeyId: e?.kind === 'sse-kms' ? (e.keyId ?? '') : '',
    keyFile: e?.kind === 'sse-c' ? e.keyFile : '',
  }
}

/** What the connection keeps; a problem to show when the fields are not complete. */
export function connectionEncryptionOf(
  d: EncryptionDraft,
): { ok: true; value: ConnectionEncryption | undefined } | { ok: false; problem: string } {
  switch (d.encryption) {
    case 'none':
      return { ok: true, value: undefined }
    case 'sse-s3':
      return { ok: true, value: { kind: 'sse-s3' } }
    case 'sse-kms':
      return {
        ok: true,
        value: { kind: 'sse-kms', ...(d.kmsKeyId.trim() ? { keyId: d.kmsKeyId.trim() } : {}) },
      }
    case 'sse-c':
      return d.keyFile.trim()
        ? { ok: true, value: { kind: 'sse-c', keyFile: d.keyFile.trim() } }
        : { ok: false, problem: 'Name the file that holds the 32-byte SSE-C key.' }
  }
}
