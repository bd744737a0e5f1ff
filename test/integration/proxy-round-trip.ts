// The round trip both proxy test files check through their proxy (an HTTP one, a SOCKS one):
// two files up, the large one in parts, and the large one down again, each byte for byte.
import { readFileSync } from 'node:fs'
import type { S3Client } from '@aws-sdk/client-s3'
import { expect } from 'vitest'
import { runCli } from './objects-support'
import { readObject } from './upload-support'

export interface RoundTrip {
  s3: S3Client
  bucket: string
  /** The folder under the bucket, without its slash. */
  prefix: string
  /** small.bin and big.bin, in that order. */
  files: string[]
  small: Buffer
  big: Buffer
  /** Upload flags: a part size that puts big.bin in parts. */
  parts: string[]
  /** Where the download goes. */
  target: string
  env: NodeJS.ProcessEnv
}

export async function expectRoundTrip(t: RoundTrip): Promise<void> {
  const up = await runCli(['upload', ...t.files, `s3://${t.bucket}/${t.prefix}/`, ...t.parts], { env: t.env })
  expect(up.stderr).toBe('')
  expect(up.code).toBe(0)
  expect((await readObject(t.s3, t.bucket, `${t.prefix}/big.bin`)).equals(t.big)).toBe(true)
  expect((await readObject(t.s3, t.bucket, `${t.prefix}/small.bin`)).equals(t.small)).toBe(true)

  const down = await runCli(
    ['get', `s3://${t.bucket}/${t.prefix}/big.bin`, t.target, '--part-size', '5MiB'],
    {
      env: t.env,
    },
  )
  expect(down.stderr).toBe('')
  expect(down.code).toBe(0)
  expect(readFileSync(t.target).equals(t.big)).toBe(true)
}
