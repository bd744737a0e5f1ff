// The manager's own logic against a scripted engine process (no S3 here: the engine's S3
// behaviour is tested against radosgw in test/integration).
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { TransferSummary } from '../../../shared/domain/transfer'
import type { EngineToMain, MainToEngine } from '../../../shared/engine-protocol'
import { BATCH_SUFFIX, batchOf, readBatch } from '../../journal/journal-batch'
import { serializeRecord, type HeaderRecord } from '../../journal/journal'
import { readJournal } from '../../journal/journal-reader'
import type { EngineProcess } from '../ports'
import { ManualSystemEvents } from '../node-adapters/manual-system-events'
import { FIRST_JOURNALED } from './queued-journals'
import { TransferManager, type TransferManagerDeps } from './transfer-manager'
import { retryAfterDelays, type FailureClass } from './transfer-failure'

/** The transfers journaled in a folder: in journals of their own and in batches. */
function journaledIds(dir: string): string[] {
  const ids: string[] = []
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.journal')) ids.push(name.slice(0, -'.journal'.length))
    if (name.endsWith(BATCH_SUFFIX)) ids.push(...(readBatch(join(dir, name))?.views.keys() ?? []))
  }
  return ids
}

type Script = (message: MainToEngine, engine: FakeEngine) => void

class FakeEngine implements EngineProcess {
  readonly received: MainToEngine[] = []
  #onMessage: ((m: EngineToMain) => void) | undefined
  #onExit: ((code: number | null) => void) | undefined
  readonly pid = 4242

  constructor(private readonly script: Script) {
    setTimeout(() => this.emit({ type: 'ready', pid: this.pid }), 5)
  }

  send(message: MainToEngine): void {
    this.received.push(message)
    if (message.type === 'shutdown') setTimeout(() => this.exit(0), 1)
    else this.script(message, this)
  }
  onMessage(listener: (m: EngineToMain) => void): void {
    this.#onMessage = listener
  }
  onExit(listener: (code: number | null) => void): void {
    this.#onExit = listener
  }
  kill(): void {
    this.exit(null)
  }
  emit(m: EngineToMain): void {
    this.#onMessage?.(m)
  }
  exit(code: number | null): void {
    this.#onExit?.(code)
  }
}

const connection = { endpoint: 'http://127.0.0.1:1', region: 'us-east-1', pathStyle: true }
const outcome = (transferId: string, key: string, bytes: number) => ({
  transferId,
  key,
  bytes,
  etag: 'e',
  verification: { verified: true as const, method: 'md5' as const, detail: 'ok' },
  partsUploaded: 1,
  partsReused: 0,
  skipped: false,
  notes: [],
})

async function waitFor(test: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!test()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('TransferManager', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-manager-'))
  writeFileSync(join(dir, 'a.bin'), Buffer.alloc(1000))
  writeFileSync(join(dir, 'b.bin'), Buffer.alloc(2000))
  let manager: TransferManager | undefined
  afterEach(async () => {
    await manager?.close()
    manager = undefined
  })

  const make = (
    script: Script,
    engines: FakeEngine[] = [],
    system?: ManualSystemEvents,
    extra: Partial<TransferManagerDeps> = {},
  ) => {
    manager = new TransferManager({
      journalDir: join(dir, 'journals'),
      launchEngine: () => {
        const e = new FakeEngine(script)
        engines.push(e)
        return e
      },
      changeIntervalMs: 100,
      ...(system ? { system } : {}),
      ...extra,
    })
    return manager
  }

  it('starts the engine only when there is work, and holds messages until it is ready', async () => {
    const engines: FakeEngine[] = []
    const m = make((msg, e) => {
      if (msg.type === 'upload')
        e.emit({
          type: 'done',
          requestId: msg.requestId,
          outcome: outcome(msg.job.transferId, msg.job.key, 1000),
        })
    }, engines)
    expect(await m.list()).toEqual([])
    expect(engines).toHaveLength(0)
    const [s] = await m.upload({ connection, bucket: 'b', paths: [join(dir, 'a.bin')] })
    const result = await m.waitFor(s!.id)
    expect(result.summary).toMatchObject({ state: 'done', bytesDone: 1000, key: 'a.bin' })
    expect(engines).toHaveLength(1)
    expect(engines[0]!.received[0]).toMatchObject({ type: 'upload', job: { key: 'a.bin', connection } })
  })

  it('journals every file as it is queued, before any starts, and forgets one cancelled before it started', async () => {
    const journals = join(dir, 'journals')
    const seenAtStart: string[][] = []
    const finishFirst: (() => void)[] = []
    const m = make(
      (msg, engine) => {
        if (msg.type !== 'upload') return
        seenAtStart.push(journaledIds(journals))
        finishFirst.push(() =>
          engine.emit({
            type: 'done',
            requestId: msg.requestId,
            outcome: outcome(msg.job.transferId, msg.job.key, 1000),
          }),
        )
      },
      [],
      undefined,
      { maxActiveFiles: 1 },
    )
    const [first, second] = await m.upload({
      connection,
      bucket: 'b',
      paths: [join(dir, 'a.bin'), join(dir, 'b.bin')],
    })
    await waitFor(() => seenAtStart.length === 1)
    // Both were on disk when the first reached the engine: a death now leaves both resumable.
    for (const s of [first!, second!]) expect(seenAtStart[0]).toContain(s.id)
    // Two small files: one batch journal holds both, and no file of its own exists for either.
    expect(batchOf(first!.id)).toBeDefined()
    expect(batchOf(second!.id)).toBe(batchOf(first!.id))
    expect(readdirSync(journals)).toContain(`${batchOf(first!.id)}${BATCH_SUFFIX}`)
    for (const s of [first!, second!]) expect(readdirSync(journals)).not.toContain(`${s.id}.journal`)
    const view = await readJournal(journals, second!.id)
    expect(view.header).toMatchObject({ kind: 'queued', key: 'b.bin', size: 2000, pid: process.pid })
    expect(view.header.connection).toEqual(connection)
    expect((await m.list()).find((s) => s.id === second!.id)?.state).toBe('queued')

    // Cancelled before it started: nothing to resume later, so no journal either.
    m.cancel(second!.id)
    expect(journaledIds(journals)).toContain(first!.id)
    expect(journaledIds(journals)).not.toContain(second!.id)
    expect(await m.resumable()).not.toContain(second!.id)
    finishFirst[0]!()
    expect((await m.waitFor(first!.id)).summary.state).toBe('done')
    expect((await m.waitFor(second!.id)).summary.state).toBe('cancelled')
    expect(seenAtStart).toHaveLength(1)
  })

  it('accepts a large folder once its first files are journaled; none starts before its own journal', async () => {
    const folder = join(dir, 'many')
    const journals = join(dir, 'journals-many')
    const count = FIRST_JOURNALED + 12
    mkdirSync(folder, { recursive: true })
    for (let i = 0; i < count; i++) writeFileSync(join(folder, `f${String(i).padStart(3, '0')}`), 'x')
    // Holding its header: the thread pool may already have created a later file, still empty.
    const journalOnDisk = (id: string) => {
      const path = join(journals, `${id}.journal`)
      return existsSync(path) && statSync(path).size > 0
    }
    const started: { id: string; journaled: boolean }[] = []
    const m = make(
      (msg, engine) => {
        if (msg.type !== 'upload') return
        started.push({ id: msg.job.transferId, journaled: journalOnDisk(msg.job.transferId) })
        setTimeout(
          () =>
            engine.emit({
              type: 'done',
              requestId: msg.requestId,
              outcome: outcome(msg.job.transferId, msg.job.key, 1),
            }),
          1,
        )
      },
      [],
      undefined,
      { journalDir: journals, maxActiveFiles: 1 },
    )
    // Files the engine sends in parts keep journals of their own (small ones share a batch).
    const queued = await m.upload({ connection, bucket: 'b', paths: [folder], multipartThreshold: 1 })
    expect(queued).toHaveLength(count)
    // Accepted with the first files journaled; the others follow while those upload.
    expect(queued.filter((s) => journalOnDisk(s.id))).toHaveLength(FIRST_JOURNALED)
    const last = queued[count - 1]!
    m.cancel(last.id)
    for (const s of queued.slice(0, -1)) expect((await m.waitFor(s.id)).summary.state).toBe('done')
    expect((await m.waitFor(last.id)).summary.state).toBe('cancelled')
    expect(started.map((s) => s.id)).toEqual(queued.slice(0, -1).map((s) => s.id))
    expect(started.filter((s) => !s.journaled)).toEqual([])
    // Cancelled before its journal was written: none is left for a resume to find.
    expect(existsSync(join(journals, `${last.id}.journal`))).toBe(false)
  })

  it('batches change events to about ten a second however fast progress comes', async () => {
    const m = make((msg, e) => {
      if (msg.type !== 'upload') return
      const id = msg.job.transferId
      let sent = 0
      // Bursts of ten progress events every 20 ms: far more than ten a second.
      const timer = setInterval(() => {
        for (let i = 0; i < 10; i++) {
          sent += 10
          e.emit({
            type: 'progress',
            transferId: id,
            size: 1000,
            bytesDone: sent,
            partsTotal: 100,
            partsDone: sent / 10,
            partsReused: 0,
          })
        }
        if (sent >= 1000) {
          clearInterval(timer)
          e.emit({ type: 'done', requestId: msg.requestId, outcome: outcome(id, msg.job.key, 1000) })
        }
      }, 20)
    })
    const batches: TransferSummary[][] = []
    m.onChanged((b) => batches.push(b))
    const started = Date.now()
    const [s] = await m.upload({ connection, bucket: 'b', paths: [join(dir, 'a.bin')] })
    await m.waitFor(s!.id)
    await new Promise((r) => setTimeout(r, 150))
    const seconds = (Date.now() - started) / 1000
    // 100 progress events delivered in about ten batches a second, whatever the machine's speed.
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 1)
    expect(batches.length).toBeLessThan(50)
    expect(batches.at(-1)!.at(-1)).toMatchObject({ state: 'done', bytesDone: 1000 })
  }, 15_000)

  it('marks running transfers failed-but-resumable when the engine dies, and runs them again on resume', async () => {
    const engines: FakeEngine[] = []
    let first = true
    const m = make((msg, e) => {
      if (msg.type === 'upload' && first) {
        first = false
        setTimeout(() => e.exit(null), 10)
      } else if (msg.type === 'upload')
        e.emit({
          type: 'done',
          requestId: msg.requestId,
          outcome: outcome(msg.job.transferId, msg.job.key, 2000),
        })
    }, engines)
    const [s] = await m.upload({ connection, bucket: 'b', paths: [join(dir, 'b.bin')] })
    const crashed = await m.waitFor(s!.id)
    expect(crashed.summary.state).toBe('failed')
    expect(crashed.summary.error).toMatchObject({ code: 'internal', retryable: true })
    // Never journaled (the fake engine wrote nothing): resume sends the job again.
    m.resume(s!.id)
    expect((await m.waitFor(s!.id)).summary.state).toBe('done')
    expect(engines).toHaveLength(2)
  })

  it('runs small files side by side and a large one alone within the memory budget', async () => {
    // A sparse 100 MiB file: with 8 MiB parts and 4 in flight it needs the whole 32 MiB budget.
    const big = join(dir, 'big.bin')
    const fd = openSync(big, 'w')
    ftruncateSync(fd, 100 * 1024 * 1024)
    closeSync(fd)
    const inFlight: string[] = []
    const together: string[][] = []
    const m = make((msg, e) => {
      if (msg.type !== 'upload') return
      inFlight.push(msg.job.key)
      together.push([...inFlight])
      setTimeout(() => {
        inFlight.splice(inFlight.indexOf(msg.job.key), 1)
        e.emit({
          type: 'done',
          requestId: msg.requestId,
          outcome: outcome(msg.job.transferId, msg.job.key, 1),
        })
      }, 30)
    })
    const paths = [join(dir, 'a.bin'), join(dir, 'b.bin'), big, join(dir, 'c.bin')]
    writeFileSync(paths[3]!, 'c')
    const summaries = await m.upload({
      connection,
      bucket: 'b',
      paths,
      partSize: 8 * 1024 * 1024,
      concurrency: 4,
    })
    for (const s of summaries) await m.waitFor(s.id)
    expect(together).toContainEqual(['a.bin', 'b.bin'])
    expect(together).toContainEqual(['big.bin'])
    expect(together.filter((t) => t.includes('big.bin'))).toEqual([['big.bin']])
  })

  it('batches the small files of an upload, and accepts a file over 5 TiB beside them for the engine to refuse', async () => {
    // Sparse: 6 TiB of nothing on disk.
    const huge = join(dir, 'huge.bin')
    const fd = openSync(huge, 'w')
    ftruncateSync(fd, 6 * 1024 ** 4)
    closeSync(fd)
    const m = make((msg, e) => {
      if (msg.type !== 'upload') return
      e.emit({ type: 'done', requestId: msg.requestId, outcome: outcome(msg.job.transferId, msg.job.key, 1) })
    })
    const [a, hugeOne, b] = await m.upload({
      connection,
      bucket: 'b',
      paths: [join(dir, 'a.bin'), huge, join(dir, 'b.bin')],
    })
    expect(batchOf(a!.id)).toBeDefined()
    expect(batchOf(b!.id)).toBe(batchOf(a!.id))
    expect(batchOf(hugeOne!.id)).toBeUndefined()
    rmSync(huge)
  })

  it('honours a resume that arrives while the pause is still on its way', async () => {
    let uploads = 0
    const pending = new Map<string, string>()
    const m = make((msg, e) => {
      if (msg.type === 'upload') {
        uploads++
        if (uploads === 1) pending.set(msg.job.transferId, msg.requestId)
        else
          e.emit({
            type: 'done',
            requestId: msg.requestId,
            outcome: outcome(msg.job.transferId, msg.job.key, 1000),
          })
      }
      if (msg.type === 'pause') {
        const requestId = pending.get(msg.transferId)!
        setTimeout(() => e.emit({ type: 'paused', requestId, transferId: msg.transferId }), 20)
      }
    })
    const [s] = await m.upload({ connection, bucket: 'b', paths: [join(dir, 'a.bin')] })
    await new Promise((r) => setTimeout(r, 30))
    m.pause(s!.id)
    m.resume(s!.id)
    const first = await m.waitFor(s!.id)
    expect(first.summary.state).toBe('paused')
    const second = await m.waitFor(s!.id)
    expect(second.summary.state).toBe('done')
    expect(uploads).toBe(2)
  })

  it('refuses to resume or cancel what it does not know, naming the folder', () => {
    const m = make(() => {})
    expect(() => m.resume('nope-00000000')).toThrow(/no transfer nope-00000000/)
    expect(() => m.pause('nope-00000000')).toThrow(/no transfer/)
  })

  it('holds transfers that ran out of network retries until the endpoint answers, then resumes them', async () => {
    const system = new ManualSystemEvents()
    let attempts = 0
    let reachable = false
    let probes = 0
    const m = make(
      (msg, e) => {
        if (msg.type !== 'upload') return
        attempts++
        if (attempts === 1) {
          e.emit({
            type: 'failed',
            requestId: msg.requestId,
            transferId: msg.job.transferId,
            error: { code: 'network', message: 'down', fix: 'wait', retryable: true },
          })
        } else
          e.emit({
            type: 'done',
            requestId: msg.requestId,
            outcome: outcome(msg.job.transferId, msg.job.key, 1000),
          })
      },
      [],
      system,
      {
        probe: async () => {
          probes++
          return reachable
        },
      },
    )
    const [s] = await m.upload({ connection, bucket: 'b', paths: [join(dir, 'a.bin')] })
    const finished = m.waitFor(s!.id)
    await waitFor(() => probes >= 1)
    expect(m.get(s!.id)!.state).toBe('waiting-network')
    expect(attempts).toBe(1)
    reachable = true
    // 'online' cuts the probe's back-off short.
    system.emit('online')
    expect((await finished).summary.state).toBe('done')
    expect(attempts).toBe(2)
  })

  it('pauses running transfers on suspend and resumes them on wake, with no call from the person', async () => {
    const system = new ManualSystemEvents()
    const sent: string[] = []
    const m = make(
      (msg, e) => {
        sent.push(msg.type)
        if (msg.type === 'pause') e.emit({ type: 'paused', requestId: pendingId, transferId: msg.transferId })
        if (msg.type === 'upload') pendingId = msg.requestId
        if (msg.type === 'resume')
          e.emit({ type: 'done', requestId: msg.requestId, outcome: outcome(msg.transferId, 'a.bin', 1000) })
      },
      [],
      system,
      { probe: async () => true },
    )
    let pendingId = ''
    // Journaled, so the wake resumes rather than starts over.
    const [s] = await m.upload({ connection, bucket: 'b', paths: [join(dir, 'a.bin')] })
    await waitFor(() => sent.includes('upload'))
    mkdirSync(join(dir, 'journals'), { recursive: true })
    writeFileSync(join(dir, 'journals', `${s!.id}.journal`), '')
    const finished = m.waitFor(s!.id)
    system.emit('suspend')
    await waitFor(() => sent.includes('pause'))
    await new Promise((r) => setTimeout(r, 20))
    expect(m.get(s!.id)!.state).toBe('waiting-network')
    expect(sent).not.toContain('resume')
    system.emit('resume')
    expect((await finished).summary.state).toBe('done')
    expect(sent).toEqual(['upload', 'pause', 'resume'])
  })

  it('waits in needs-credentials until fresh credentials are supplied, then resumes with them', async () => {
    const keys: (string | undefined)[] = []
    const m = make(
      (msg, e) => {
        if (msg.type !== 'upload') return
        keys.push(msg.job.connection.credentials?.accessKeyId)
        if (keys.length === 1)
          e.emit({
            type: 'failed',
            requestId: msg.requestId,
            transferId: msg.job.transferId,
            error: { code: 'credentials-expired', message: 'expired', fix: 'sign in', retryable: true },
          })
        else
          e.emit({
            type: 'done',
            requestId: msg.requestId,
            outcome: outcome(msg.job.transferId, msg.job.key, 1000),
          })
      },
      [],
      new ManualSystemEvents(),
    )
    const old = { ...connection, credentials: { accessKeyId: 'OLD', secretAccessKey: 's' } }
    const [s] = await m.upload({ connection: old, bucket: 'b', paths: [join(dir, 'a.bin')] })
    const finished = m.waitFor(s!.id)
    await waitFor(() => m.get(s!.id)!.state === 'needs-credentials')
    expect(m.credentialsRefreshed({ ...connection, endpoint: 'http://elsewhere' })).toEqual([])
    expect(
      m.credentialsRefreshed({ ...connection, credentials: { accessKeyId: 'NEW', secretAccessKey: 's' } }),
    ).toEqual([s!.id])
    expect((await finished).summary.state).toBe('done')
    expect(keys).toEqual(['OLD', 'NEW'])
  })

  it('restarts a crashed engine and resumes its transfers, but fails clearly in a crash loop', async () => {
    const engines: FakeEngine[] = []
    const m = make(
      (msg, e) => {
        if (msg.type === 'upload' || msg.type === 'resume') setTimeout(() => e.exit(null), 1)
      },
      engines,
      undefined,
      { recover: true, restartLimit: { max: 2, windowMs: 60_000 } },
    )
    const [s] = await m.upload({ connection, bucket: 'b', paths: [join(dir, 'a.bin')] })
    const r = await m.waitFor(s!.id)
    // Two restarts allowed: three engines in all, then a failure that says why.
    expect(engines).toHaveLength(3)
    expect(r.summary.state).toBe('failed')
    expect(r.summary.error!.message).toMatch(/stopped restarting it/)
  })

  it('runs a transfer again after a passing failure when its policy says so, and not after a final one', async () => {
    const sent: string[] = []
    const m = make((msg, e) => {
      if (msg.type !== 'upload') return
      sent.push(msg.job.key)
      const failing = msg.job.key === 'denied' || sent.filter((k) => k === msg.job.key).length < 3
      if (failing)
        e.emit({
          type: 'failed',
          requestId: msg.requestId,
          transferId: msg.job.transferId,
          error:
            msg.job.key === 'denied'
              ? { code: 'access-denied', message: 'no', fix: 'Ask for access.' }
              : { code: 'network', message: 'down', fix: 'Wait.', retryable: true },
        })
      else
        e.emit({
          type: 'done',
          requestId: msg.requestId,
          outcome: outcome(msg.job.transferId, msg.job.key, 1000),
        })
    })
    const waits: number[] = []
    const retryLater = retryAfterDelays([5, 5, 5])
    const schedule = {
      retryLater: (failure: FailureClass, attempt: number) => {
        const wait = retryLater(failure, attempt)
        if (wait !== undefined) waits.push(attempt)
        return wait
      },
    }
    const [flaky] = await m.upload(
      { connection, bucket: 'b', key: 'flaky', paths: [join(dir, 'a.bin')] },
      schedule,
    )
    const [denied] = await m.upload(
      { connection, bucket: 'b', key: 'denied', paths: [join(dir, 'a.bin')] },
      schedule,
    )
    const ok = await m.waitFor(flaky!.id)
    expect(ok.summary.state).toBe('done')
    expect(ok.runs).toBe(3)
    const refused = await m.waitFor(denied!.id)
    expect(refused.summary.state).toBe('failed')
    expect(refused.runs).toBe(1)
    expect(waits).toEqual([1, 2])
  })

  // An engine that knows no job for a cancel answers from the journal: here, a failure.
  const refusesUnknownCancel =
    (uploadDone: boolean): Script =>
    (msg, e) => {
      if (msg.type === 'upload' && uploadDone)
        e.emit({
          type: 'done',
          requestId: msg.requestId,
          outcome: outcome(msg.job.transferId, msg.job.key, 1000),
        })
      if (msg.type === 'cancel')
        setTimeout(() => {
          const error = { code: 'bad-input' as const, message: 'already finished', fix: 'None.' }
          e.emit({ type: 'failed', requestId: msg.requestId, transferId: msg.transferId, error })
        }, 20)
    }

  it('a cancel as a run starts (before it reaches the engine): the run is never sent, it ends cancelled', async () => {
    const engines: FakeEngine[] = []
    const m = make(refusesUnknownCancel(true), engines)
    const [s] = await m.upload(
      { connection, bucket: 'b', paths: [join(dir, 'a.bin')] },
      { onStart: (id) => m.cancel(id) },
    )
    expect((await m.waitFor(s!.id)).summary.state).toBe('cancelled')
    expect(engines.flatMap((e) => e.received).filter((r) => r.type === 'upload')).toEqual([])
    expect(await m.resumable()).not.toContain(s!.id)
  })

  it('a cancel whose reply comes after the run ended done leaves it done, not failed', async () => {
    const engines: FakeEngine[] = []
    const m = make(refusesUnknownCancel(false), engines)
    const [s] = await m.upload({ connection, bucket: 'b', paths: [join(dir, 'a.bin')] })
    await waitFor(() => engines[0]?.received.some((r) => r.type === 'upload') ?? false)
    const upload = engines[0]!.received.find((r) => r.type === 'upload')!
    // The engine finishes the run and the cancel crosses its reply: the engine no longer has the job.
    m.cancel(s!.id)
    if (upload.type === 'upload')
      engines[0]!.emit({ type: 'done', requestId: upload.requestId, outcome: outcome(s!.id, 'a.bin', 1000) })
    expect((await m.waitFor(s!.id)).summary.state).toBe('done')
    await new Promise((r) => setTimeout(r, 60))
    expect(m.get(s!.id)?.state).toBe('done')
  })

  /** A multipart upload's journal left by `writer`, paused, as `ferry cancel` finds one. */
  const journalOf = (id: string, writer: { pid: number; boot?: number }) => {
    const header: HeaderRecord = {
      t: 'header',
      v: 1,
      transferId: id,
      kind: 'multipart',
      at: '2026-01-01T00:00:00.000Z',
      ...writer,
      source: join(dir, 'a.bin'),
      size: 1000,
      mtimeMs: 1,
      partSize: 1000,
      partCount: 1,
      bucket: 'b',
      key: 'a.bin',
      uploadId: 'up-1',
      headers: { metadata: {} },
      ifExists: 'overwrite',
      tuning: {},
      connection,
    }
    mkdirSync(join(dir, 'journals'), { recursive: true })
    const paused = { t: 'state' as const, at: header.at, state: 'paused' as const }
    writeFileSync(join(dir, 'journals', `${id}.journal`), serializeRecord(header) + serializeRecord(paused))
  }

  it('refuses to cancel a journal another live process writes, before anything is sent or marked', async () => {
    const engines: FakeEngine[] = []
    const m = make(() => {}, engines)
    journalOf('owned-00000001', { pid: process.ppid })
    expect(() => m.cancel('owned-00000001', { connection })).toThrow(
      `transfer owned-00000001 is running in another Ferry process (pid ${process.ppid})`,
    )
    expect(engines).toEqual([])
    expect(m.cancelPending('owned-00000001')).toBe(false)
  })

  it("waits for the engine's answer to a cancel of a paused journal: the caller learns whether it was aborted", async () => {
    const m = make((msg, e) => {
      if (msg.type === 'cancel')
        setTimeout(
          () => e.emit({ type: 'cancelled', requestId: msg.requestId, transferId: msg.transferId }),
          30,
        )
    })
    journalOf('paused-00000001', { pid: 999_999_999, boot: 1 })
    m.cancel('paused-00000001', { connection })
    expect((await m.waitFor('paused-00000001')).summary.state).toBe('cancelled')
    expect(existsSync(join(dir, 'journals', 'paused-00000001.journal'))).toBe(false)
  })

  afterAll(() => rmSync(dir, { recursive: true, force: true }))
})
