import { badInput } from './errors'

export interface S3Location {
  bucket: string
  /** "" for the bucket itself; keys may contain slashes. */
  key: string
}

/** Parses s3://BUCKET[/KEY]. The key is taken verbatim (spaces, +, %, unicode). */
export function parseS3Url(text: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/s.exec(text)
  if (!match)
    throw badInput(`"${text}" is not an S3 location`, 'Write it as s3://BUCKET/KEY or s3://BUCKET/PREFIX/.')
  const bucket = match[1]!
  // Even legacy and relaxed (radosgw) bucket names use only these; a space here is usually
  // a quoting mistake that would otherwise reach the server as a baffling request.
  if (!/^[A-Za-z0-9._-]+$/.test(bucket)) {
    throw badInput(
      `"${bucket}" in "${text}" is not a bucket name`,
      'Write it as s3://BUCKET/KEY; bucket names use letters, digits, ".", "-" and "_" (quote keys with spaces).',
    )
  }
  return { bucket, key: match[2]! }
}

export const isS3Url = (text: string): boolean => text.startsWith('s3://')

export const formatS3Url = (loc: S3Location): string => `s3://${loc.bucket}/${loc.key}`
