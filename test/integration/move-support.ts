// Helpers of the move and copy tests: objects seeded under a prefix, and what a prefix holds
// afterwards, read back byte for byte.
import { randomBytes } from 'node:crypto'
import { GetObjectTaggingCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { expect } from 'vitest'
import { listKeys } from '../../src/main/core/objects/list'
import { runPool } from '../../src/main/s3/pool'
import { readObject } from './upload-support'

/** `count` objects of distinct bytes under `prefix`, by the name after the prefix. */
export async function seedObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
  count: number,
): Promise<Map<string, Buffer>> {
  const expected = new Map<string, Buffer>()
  for (let i = 0; i < count; i++)
    expected.set(`d${i % 7}/obj-${String(i).padStart(5, '0')}.bin`, randomBytes(64 + (i % 300)))
  await runPool(expected, 32, async ([name, bytes]) => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${name}`, Body: bytes }))
  })
  return expected
}

/** Five small objects and `big.bin` of `bigSize` bytes under `prefix`, by the name after the prefix. */
export async function seedOneLarge(
  client: S3Client,
  bucket: string,
  prefix: string,
  bigSize: number,
): Promise<Map<string, Buffer>> {
  const expected = new Map<string, Buffer>()
  for (let i = 0; i < 5; i++) expected.set(`small-${i}.bin`, randomBytes(1000 + i))
  expected.set('big.bin', randomBytes(bigSize))
  for (const [name, bytes] of expected)
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${name}`, Body: bytes }))
  return expected
}

/** Every key under a prefix, listed (each key once, as S3 lists it). */
export async function keysUnder(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = []
  for await (const o of listKeys(client, bucket, prefix)) keys.push(o.key)
  return keys
}

/** Exactly these objects under the prefix, byte for byte: none missing, none extra. */
export async function expectObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
  expected: Map<string, Buffer>,
): Promise<void> {
  const keys = await keysUnder(client, bucket, prefix)
  expect(keys.map((k) => k.slice(prefix.length)).sort()).toEqual([...expected.keys()].sort())
  await runPool(expected, 32, async ([name, bytes]) => {
    const got = await readObject(client, bucket, `${prefix}${name}`)
    expect(got.equals(bytes), name).toBe(true)
  })
}

export async function tagsOf(client: S3Client, bucket: string, key: string): Promise<Record<string, string>> {
  const out = await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))
  return Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key!, t.Value!]))
}
