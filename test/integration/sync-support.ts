// Helpers for the `ferry sync` tests: the CLI's environment, a run with --json read back, and
// a folder's or a prefix's contents to compare byte for byte.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync, utimesSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import { readObject, runFerry } from './upload-support'

export { cliStateEnv as cliEnv } from './objects-support'

export interface SyncRun {
  code: number | null
  stdout: string
  stderr: string
  events: Record<string, unknown>[]
  summary: Record<string, unknown> | undefined
  /** Paths moved, sorted. */
  moved: string[]
  deleted: string[]
}

/** `ferry sync ARGS --json`. */
export async function syncJson(args: string[], env: NodeJS.ProcessEnv): Promise<SyncRun> {
  const r = await runFerry(['sync', ...args, '--json'], env)
  const events = r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
  const paths = (kind: string) =>
    events
      .filter((e) => e['event'] === kind)
      .map((e) => String(e['path']))
      .sort()
  return {
    ...r,
    events,
    summary: events.find((e) => e['event'] === 'summary'),
    moved: paths('transferred'),
    deleted: paths('deleted'),
  }
}

/** Every file under a folder: relative path (with /) to bytes. */
export function folderContents(folder: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) out.set(relative(folder, path).split(sep).join('/'), readFileSync(path))
    }
  }
  walk(folder)
  return out
}

export async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))
  return (out.Contents ?? []).map((o) => o.Key!).sort()
}

/** Every object under the prefix: path below it to bytes. */
export async function prefixContents(
  s3: S3Client,
  bucket: string,
  prefix: string,
): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>()
  for (const key of await keysUnder(s3, bucket, prefix))
    out.set(key.slice(prefix.length), await readObject(s3, bucket, key))
  return out
}

/** Sets a file's modification time to `ms`, keeping its access time. */
export function setMtime(path: string, ms: number): void {
  utimesSync(path, statSync(path).atime, new Date(ms))
}

/** Path and SHA-256 of each file, sorted: two trees equal byte for byte compare equal. */
export const digestsOf = (m: Map<string, Buffer>): [string, string][] =>
  [...m]
    .map(([k, v]) => [k, createHash('sha256').update(v).digest('hex')] as [string, string])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
