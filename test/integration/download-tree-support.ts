// Helpers of the prefix-download tests: the CLI's environment, objects to download, and the
// folder that arrives, compared byte for byte.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { expect } from 'vitest'
import { testClient } from '../support/s3'
import { jsonLines } from './objects-support'

export const s3 = testClient()

export { cliStateEnv as cliEnv } from './objects-support'

export async function put(
  bucket: string,
  key: string,
  bytes: Buffer | string,
  metadata?: Record<string, string>,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(bytes), Metadata: metadata }),
  )
}

/** Every file under a folder, by relative path. */
export function filesIn(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.set(relative(dir, p), readFileSync(p))
    }
  }
  if (existsSync(dir)) walk(dir)
  return out
}

/** Exactly these files, byte for byte: nothing missing, nothing left over (no partial files). */
export function expectSameTree(dir: string, expected: Map<string, Buffer>): void {
  const got = filesIn(dir)
  expect([...got.keys()].sort()).toEqual([...expected.keys()].sort())
  for (const [path, bytes] of expected) expect(got.get(path)!.equals(bytes), path).toBe(true)
}

export const summaryOf = (stdout: string): Record<string, unknown> =>
  jsonLines(stdout).find((e) => e['event'] === 'summary')!
