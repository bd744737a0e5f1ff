// A connection with a known secret key and session token goes through everything Ferry does:
// uploads, a download, a failing transfer, errors that would quote the secret, the CLI with
// --json and --debug, and the daemon's queue. Then every file under the state folder (settings, journals,
// the daemon's queue and timing logs, the diagnostics log and an exported diagnostics
// report) is read byte by byte: neither the secret nor the token
// is there. Every bridge answer and event the renderer would receive is checked the same way,
// and so is everything the CLI and the daemon print.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { daemonEnv, ferry, startDaemon } from './daemon-support'
import { enginePath, MiB, readObject, tempDir, waitUntil, writeRandomFile } from './upload-support'

// radosgw ignores a session token for a user's static keys, so a made-up token rides along on
// every request (as X-Amz-Security-Token) without failing them.
const SECRET = testConnection().credentials!.secretAccessKey
const TOKEN = 'FwoGZXIvYXdzFERRYTESTSESSIONTOKEN/h0+k3nZz0123456789abcdef'
// An SSE-C key given on the command line (32 characters, as aws-cli takes it) and as base64, the
// form every request carries: neither may reach a journal, a queue record or the settings.
const CUSTOMER_KEY = 'ferry-sse-c-test-key-0123456789!'
const CUSTOMER_KEY_BASE64 = Buffer.from(CUSTOMER_KEY).toString('base64')

function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...filesUnder(path))
    else if (entry.isFile()) out.push(path)
  }
  return out
}

const holdsSecret = (text: string): boolean =>
  text.includes(SECRET) ||
  text.includes(TOKEN) ||
  text.includes(CUSTOMER_KEY) ||
  text.includes(CUSTOMER_KEY_BASE64)

describe('secrets stay secret', () => {
  const s3 = testClient()
  const tmp = tempDir('secrets')
  const stateDir = join(tmp.dir, 'state')
  /** Everything that crossed the bridge toward the renderer, and everything printed. */
  const seen: string[] = []
  let main: HeadlessMain
  let connectionId: string
  let bucket: string

  const call = async (channel: string, payload: unknown) => {
    const answer = await main.dispatch(channel, payload)
    seen.push(`${channel}: ${JSON.stringify(answer)}`)
    return answer
  }
  const transfer = async (payload: unknown): Promise<TransferSummary> => {
    const started = await call('transfers:upload', payload)
    if (!started.ok) throw new Error(started.error.message)
    const [t] = started.value as TransferSummary[]
    return (await main.core.transfers.waitFor(t!.id)).summary
  }

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'secrets')
    main = createHeadlessMain({ stateDir, enginePath })
    main.subscribe('transfers:changed', (batch) => seen.push(`event: ${JSON.stringify(batch)}`))
    main.subscribe('connections:changed', (all) => seen.push(`event: ${JSON.stringify(all)}`))
    const c = testConnection()
    // Pasted with the line break a copy from a terminal brings along.
    const saved = await call('connections:save', {
      name: 'with token',
      endpoint: c.endpoint,
      region: c.region,
      pathStyle: true,
      accessKeyId: c.credentials!.accessKeyId,
      secretAccessKey: `${SECRET}\n`,
      sessionToken: ` ${TOKEN}\r\n`,
    })
    if (!saved.ok) throw new Error(saved.error.message)
    connectionId = (saved.value as ConnectionSummary).id
    expect((saved.value as ConnectionSummary).secretStorage).toBe('session')
  })
  afterAll(async () => {
    await main.close()
    tmp.cleanup()
  })

  it('uploads, downloads and fails through the bridge without handing the renderer a secret', async () => {
    const smallPath = join(tmp.dir, 'small.txt')
    writeFileSync(smallPath, 'small\n')
    const bigPath = join(tmp.dir, 'big.bin')
    const big = writeRandomFile(bigPath, 12 * MiB)
    const small = await transfer({ connectionId, bucket, paths: [smallPath] })
    expect(small.state).toBe('done')
    const multipart = await transfer({ connectionId, bucket, paths: [bigPath] })
    expect(multipart.state).toBe('done')
    expect((await readObject(s3, bucket, 'big.bin')).equals(big)).toBe(true)

    const failed = await transfer({ connectionId, bucket: `${bucket}-missing`, paths: [smallPath] })
    expect(failed.state).toBe('failed')
    expect(failed.error?.code).toBe('bucket-missing')

    const downloads = join(tmp.dir, 'downloads')
    main.desktop.answerFolderPick(downloads)
    const download = await call('objects:download', { connectionId, bucket, keys: ['big.bin'] })
    if (!download.ok) throw new Error(download.error.message)
    const [d] = download.value as TransferSummary[]
    const downloadState = async () => {
      const listed = await call('transfers:list', {})
      return listed.ok ? (listed.value as TransferSummary[]).find((t) => t.id === d!.id)?.state : undefined
    }
    let state: string | undefined
    await waitUntil(
      'the download settles',
      () => {
        void downloadState().then((s) => (state = s))
        return state === 'done' || state === 'failed'
      },
      60_000,
    )
    expect(state).toBe('done')
    expect(readFileSync(join(downloads, 'big.bin')).equals(big)).toBe(true)

    for (const channel of ['connections:list', 'transfers:list', 'app:info'])
      expect((await call(channel, {})).ok).toBe(true)
    expect((await call('buckets:list', { connectionId })).ok).toBe(true)
    expect((await call('connections:test', { connectionId })).ok).toBe(true)
  })

  it('redacts a secret that an error would quote', async () => {
    // The secret used as a bucket name: the server's error names the bucket, so would Ferry's.
    const answer = await call('objects:list', { connectionId, bucket: SECRET, prefix: '' })
    expect(answer.ok).toBe(false)
    if (!answer.ok) {
      expect(answer.error.message).toContain('[redacted]')
      expect(holdsSecret(JSON.stringify(answer))).toBe(false)
    }
  })

  it('the CLI never prints them, --json included, and neither does the daemon', async () => {
    const env = { ...daemonEnv(stateDir), AWS_SESSION_TOKEN: TOKEN }
    const file = join(tmp.dir, 'cli.txt')
    writeFileSync(file, 'from the command line\n')
    const bigFile = join(tmp.dir, 'cli-big.bin')
    writeRandomFile(bigFile, 17 * MiB)
    const runs = [
      await ferry(['upload', file, `s3://${bucket}/cli.txt`, '--json'], env),
      await ferry(['upload', file, `s3://${bucket}-missing/cli.txt`, '--json'], env),
      await ferry(['ls', `s3://${SECRET}/`, '--json'], env),
      await ferry(['head', `s3://${bucket}/cli.txt`, '--json'], env),
      await ferry(['transfers', '--json'], env),
      // SSE-C, a single PUT and a multipart upload: every request carries the key.
      await ferry(
        [
          'upload',
          file,
          bigFile,
          `s3://${bucket}/ssec/`,
          '--sse-c',
          'AES256',
          '--sse-c-key',
          CUSTOMER_KEY,
          '--json',
        ],
        env,
      ),
      // --debug prints every request, signed: with the signature and the token redacted.
      await ferry(['--debug', 'upload', file, `s3://${bucket}/cli-debug.txt`], env),
      await ferry(['--debug', 'ls', `s3://${SECRET}/`], env),
    ]
    expect(runs.map((r) => r.code)).toEqual([0, 1, 1, 0, 0, 0, 0, 1])
    expect(runs[6]!.stderr).toContain('x-amz-security-token: [redacted]')
    expect(runs[2]!.stderr).toContain('[redacted]')
    for (const r of runs) seen.push(`cli: ${r.stdout}${r.stderr}`)

    const daemon = await startDaemon(env)
    try {
      const sent = await ferry(['send', file, `s3://${bucket}/daemon.txt`], env)
      expect(sent.code).toBe(0)
      const refused = await ferry(['send', file, `s3://${bucket}-missing/daemon.txt`], env)
      expect(refused.code).not.toBe(0)
      seen.push(`cli: ${sent.stdout}${sent.stderr}${refused.stdout}${refused.stderr}`)
      await waitUntil('the daemon logged its timings', () =>
        filesUnder(stateDir).some((f) => f.includes('timings')),
      )
    } finally {
      await daemon.stop()
      seen.push(`daemon: ${daemon.stderr()}`)
    }
  })

  it('exports diagnostics (the log, settings, connections) without them', async () => {
    // The log follows change events: wait for the failed upload's line before exporting.
    const log = join(stateDir, 'logs', 'ferry.log')
    await waitUntil('the failure is in the log', () => readFileSync(log, 'utf8').includes('[bucket-missing]'))
    main.desktop.answerSavePick(join(stateDir, 'diagnostics.json'))
    const exported = await call('app:export-diagnostics', {})
    expect(exported).toEqual({ ok: true, value: join(stateDir, 'diagnostics.json') })
    const report = readFileSync(join(stateDir, 'diagnostics.json'), 'utf8')
    expect(report).toContain('with token')
    expect(report).toContain('[bucket-missing]')
    // The refused listing whose error quoted the secret is logged, redacted.
    expect(readFileSync(log, 'utf8')).toMatch(/objects:list refused: .*\[redacted\]/)
  })

  it('leaves neither the secret nor the token in any file under the state folder', () => {
    const files = filesUnder(stateDir)
    const names = files.map((f) => f.slice(stateDir.length + 1))
    console.log(`[secrets] scanned ${files.length} files: ${names.join(', ')}`)
    // The scan is only worth something if it read what Ferry writes.
    expect(names.some((n) => n.endsWith('.journal'))).toBe(true)
    expect(names.some((n) => n.includes('timings'))).toBe(true)
    expect(names.some((n) => n.includes('ferry-settings'))).toBe(true)
    expect(names).toContain(join('logs', 'ferry.log'))
    expect(names).toContain('diagnostics.json')
    for (const file of files) {
      expect(statSync(file).size).toBeGreaterThanOrEqual(0)
      const bytes = readFileSync(file)
      expect(bytes.includes(SECRET), `${file} holds the secret`).toBe(false)
      expect(bytes.includes(TOKEN), `${file} holds the session token`).toBe(false)
      expect(bytes.includes(CUSTOMER_KEY), `${file} holds the SSE-C key`).toBe(false)
      expect(bytes.includes(CUSTOMER_KEY_BASE64), `${file} holds the SSE-C key (base64)`).toBe(false)
    }
  })

  it('never showed the renderer, the terminal or a log the secret or the token', () => {
    expect(seen.length).toBeGreaterThan(10)
    for (const text of seen) expect(holdsSecret(text), text.slice(0, 200)).toBe(false)
  })
})
