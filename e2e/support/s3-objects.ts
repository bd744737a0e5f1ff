// Reading objects back from the server for assertions, independent of Ferry's own code.
import {
  GetObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3'

export async function bytesOf(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
  return Buffer.from(await out.Body!.transformToByteArray())
}

export function headOf(s3: S3Client, bucket: string, key: string): Promise<HeadObjectCommandOutput> {
  return s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
}

/** RFC 2047 B-encoded words, as S3 documents for non-ASCII metadata; other values as stored. */
function decodeWord(value: string): string {
  const match = /^=\?UTF-8\?B\?([^?]*)\?=$/i.exec(value)
  return match ? Buffer.from(match[1]!, 'base64').toString('utf8') : value
}

/** The object's user metadata as a person typed it. */
export async function metadataOf(s3: S3Client, bucket: string, key: string): Promise<Record<string, string>> {
  const head = await headOf(s3, bucket, key)
  return Object.fromEntries(
    Object.entries(head.Metadata ?? {}).map(([name, value]) => [name, decodeWord(value)]),
  )
}
