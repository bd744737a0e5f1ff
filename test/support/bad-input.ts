// Shared checks for the bad-input tests (docs/bad-input.md): each bad input gets a clear error
// (a code, a message naming the problem, a fix), leaves nothing on the server, and leaves every
// journal readable. Also an endpoint that is not S3: a web server answering HTML 200.
import { readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { HeadObjectCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3'
import { expect } from 'vitest'
import { JOURNAL_SUFFIX, parseJournal } from '../../src/main/journal/journal'
import { MAX_KEY_BYTES } from '../../src/shared/s3-limits'
import { toErrorValue, type FerryErrorCode, type FerryErrorValue } from '../../src/shared/errors'

/** The error a promise rejects with, as the value that crosses the bridge. */
export async function rejectionOf(promise: Promise<unknown>): Promise<FerryErrorValue> {
  try {
    await promise
  } catch (e) {
    return toErrorValue(e)
  }
  throw new Error('expected a rejection, and the call succeeded')
}

/** The error names the problem (message) and the fix, under the documented code. */
export function expectClearError(
  error: FerryErrorValue | undefined,
  code: FerryErrorCode,
  message: RegExp,
): FerryErrorValue {
  expect(error, 'an error is reported').toBeDefined()
  expect(error!.code).toBe(code)
  expect(error!.message).toMatch(message)
  expect(error!.fix.length, 'the error says how to fix it').toBeGreaterThan(10)
  return error!
}

/**
 * No multipart upload is open for any of the keys, and none exists as an object. Only the
 * keys the bad input touched: another test's upload in the same bucket is its own business.
 */
export async function expectNothingLeft(client: S3Client, bucket: string, keys: string[]): Promise<void> {
  const open = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))
  const left = (open.Uploads ?? []).filter((u) => keys.includes(u.Key ?? ''))
  expect(left.map((u) => `${u.Key} ${u.UploadId}`)).toEqual([])
  // A key S3 cannot hold cannot be asked about either: it is checked among the open uploads only.
  for (const key of keys.filter((k) => Buffer.byteLength(k) <= MAX_KEY_BYTES)) {
    const status = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
      () => 200,
      (e: { $metadata?: { httpStatusCode?: number } }) => e.$metadata?.httpStatusCode ?? 0,
    )
    expect(status, `s3://${bucket}/${key} must not exist`).toBe(404)
  }
}

/**
 * Every journal in the folder parses, except the ones a test damaged on purpose; returns how
 * many were read. A folder not created yet holds no journals.
 */
export function expectJournalsReadable(journalDir: string, damaged: readonly string[] = []): number {
  let names: string[]
  try {
    names = readdirSync(journalDir).filter((n) => n.endsWith(JOURNAL_SUFFIX))
  } catch {
    return 0
  }
  let read = 0
  for (const name of names) {
    const path = join(journalDir, name)
    if (damaged.includes(path)) continue
    expect(() => parseJournal(readFileSync(path, 'utf8'), path), `${name} parses`).not.toThrow()
    read++
  }
  return read
}

/** A web server that answers every request with an HTML page and 200, as a portal or console does. */
export async function startHtmlServer(): Promise<{
  endpoint: string
  requests: () => number
  close: () => Promise<void>
}> {
  let requests = 0
  const page = '<!doctype html><html><head><title>Welcome</title></head><body><h1>It works</h1></body></html>'
  const server = createServer((req, res) => {
    requests++
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length })
      res.end(page)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
