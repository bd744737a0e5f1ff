// Whether an endpoint keeps full-object checksums, learned from its answers, never assumed:
// AWS, R2, MinIO and recent Ceph echo x-amz-checksum-* (CreateMultipartUpload answers with the
// algorithm and type it will keep, PutObject with the checksum it checked); radosgw 16 ignores
// the headers and answers without them. Until an endpoint has answered, Ferry asks for a
// checksum; once it is known not to keep them, its uploads no longer carry the headers and are
// proven by their ETags as before. Learned per engine process, per endpoint URL.
import { UPLOAD_CHECKSUM, type UploadChecksum } from './full-object-checksum'

const support = new Map<string, boolean>()

/** The checksum an upload to this endpoint asks for: undefined once it is known to ignore them. */
export const checksumToAsk = (endpoint: string): UploadChecksum | undefined =>
  support.get(endpoint) === false ? undefined : UPLOAD_CHECKSUM

/** What the endpoint's answer showed: true when it echoed the checksum it was sent. */
export function learnChecksumSupport(endpoint: string, echoed: boolean): void {
  support.set(endpoint, echoed)
}

/** True, false, or undefined while the endpoint has not answered a request carrying one. */
export const checksumSupport = (endpoint: string): boolean | undefined => support.get(endpoint)
