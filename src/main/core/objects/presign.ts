// Presigned GET links. SigV4 links live at most seven days; a link signed with session
// credentials dies with them, however long it claims to live.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { badInput } from '../../../shared/errors'
import { MAX_PRESIGN_SECONDS } from '../../../shared/s3-limits'
import { toFerryError } from '../../s3/s3-errors'

export interface PresignOptions {
  expiresInSeconds: number
  /** Makes browsers save the download under this name. */
  downloadName?: string
  now?: Date
}

export interface PresignedLink {
  url: string
  expiresAt: string
  /** Set when the link will stop working before expiresAt. */
  warning?: string
}

export function validatePresignExpiry(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw badInput(
      `a link cannot expire after ${seconds} seconds`,
      'Use a duration of at least 1s, e.g. --expires 1h.',
    )
  }
  if (seconds > MAX_PRESIGN_SECONDS) {
    throw badInput(
      `a presigned link lives at most 7 days (604800 seconds); ${seconds} seconds were asked for`,
      'Use --expires 7d or less; for longer sharing, make the object public or serve it through a CDN.',
    )
  }
}

/** RFC 6266 filename* keeps non-ASCII names intact; the plain filename is an ASCII fallback. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

export async function presignGet(
  client: S3Client,
  bucket: string,
  key: string,
  options: PresignOptions,
): Promise<PresignedLink> {
  validatePresignExpiry(options.expiresInSeconds)
  const now = options.now ?? new Date()
  const expiresAt = new Date(now.getTime() + options.expiresInSeconds * 1000)
  try {
    const command = new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ...(options.downloadName ? { ResponseContentDisposition: attachment(options.downloadName) } : {}),
    })
    const url = await getSignedUrl(client, command, { expiresIn: options.expiresInSeconds, signingDate: now })
    const link: PresignedLink = { url, expiresAt: expiresAt.toISOString() }
    const credentials = await client.config.credentials()
    if (credentials.expiration && credentials.expiration < expiresAt) {
      link.warning =
        `the link stops working at ${credentials.expiration.toISOString()}, when the session credentials that signed it expire ` +
        `(before the ${expiresAt.toISOString()} asked for); sign with long-term credentials for a longer-lived link`
    }
    return link
  } catch (e) {
    throw toFerryError(e, { bucket, key })
  }
}
