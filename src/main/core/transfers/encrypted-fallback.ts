// Moves and copies within one store go server-side. radosgw 16 refuses CopyObject (and
// UploadPartCopy) of an SSE-KMS or SSE-C object with 501 NotImplemented, before it writes
// anything; such an object is streamed through Ferry instead, from a presigned GET of the
// source into a multipart upload encrypted as the source is, and proven like any stream
// (stream-copy.ts). SSE-C objects cannot take that path: Ferry holds no customer keys, and
// the store will not even answer their HEAD without one, so they fail before anything changes.
import { EncryptedCopyRefused } from '../../s3/copy-guard'
import type { ObjectCopier } from './move-object'

/** Server-side first; the stream (made on first need) only for what the store refuses to copy. */
export function withEncryptedFallback(serverSide: ObjectCopier, stream: () => ObjectCopier): ObjectCopier {
  let streamed: ObjectCopier | undefined
  return async (source, ifMatch, target, log) => {
    try {
      return await serverSide(source, ifMatch, target, log)
    } catch (e) {
      if (!(e instanceof EncryptedCopyRefused)) throw e
      streamed ??= stream()
      return streamed(source, ifMatch, target, log)
    }
  }
}
