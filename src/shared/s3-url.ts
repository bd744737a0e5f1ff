import { badInput } from './errors'

export interface S3Location {
  bucket: string
  /** "" for the bucket itself; keys may contain slashes. */
  key: string
}

/** Parses s3://BUCKET[/KEY]. The key is taken verbatim (spaces, +, %, unicode). */
export function parseS3Url(text: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/s.exec(text)
  if (!match) throw badInput(`"${text}" is not an S3 location`, 'Write it as s3://BUCKET/KEY or s3://BUCKET/PREFIX/.')
  return { bucket: match[1]!, key: match[2]! }
}

export const isS3Url = (text: string): boolean => text.startsWith('s3://')

export const formatS3Url = (loc: S3Location): string => `s3://${loc.bucket}/${loc.key}`
