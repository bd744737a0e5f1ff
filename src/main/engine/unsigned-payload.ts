// SigV4 over plain HTTP makes the SDK SHA-256 every request body to sign it: a second full
// pass over each part next to the MD5 that Content-MD5 already needs. The signer uses an
// x-amz-content-sha256 header that is already present instead of hashing, so parts and
// single PUTs declare UNSIGNED-PAYLOAD. The body stays protected: the server checks it
// against Content-MD5 (BadDigest otherwise, tested in upload-integrity.test.ts), and the
// signature still covers that header. Over HTTPS, TLS protects the body as well.
import type { S3Client } from '@aws-sdk/client-s3'

const BODY_COMMANDS = new Set(['UploadPartCommand', 'PutObjectCommand'])

export function useUnsignedPayload(client: S3Client): S3Client {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers?: Record<string, string> } | undefined
      if (request?.headers && BODY_COMMANDS.has(context.commandName ?? '')) {
        request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD'
      }
      return next(args)
    },
    // 'build' runs after serialization and before the signer ('finalizeRequest').
    { step: 'build', name: 'ferryUnsignedPayload', override: true },
  )
  return client
}
