// The tree download's run against a fake download queue: what the set journals, what a second
// run of the same request fetches again, and which failures stop the set.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DownloadOutcome } from '../../../shared/engine-protocol'
import { FerryError } from '../../../shared/errors'
import { journalPathOf, partialPathOf } from '../../journal/download-journal'
import { downloadSetsDir } from '../../journal/download-set-journal'
import type { TreePlan } from './download-tree-plan'
import {
  runTreeDownload,
  type DownloadQueue,
  type TreeDownloadRequest,
  type TreeEvent,
} from './download-tree'
import type { EngineDownload } from './engine-downloads'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function setup(names: string[]) {
  const root = mkdtempSync(join(tmpdir(), 'ferry-tree-'))
  dirs.push(root)
  const target = join(root, 'into')
  mkdirSync(target)
  const plan: TreePlan = {
    target,
    files: names.map((n) => ({
      bucket: 'b',
      key: `p/${n}`,
      size: n.length,
      etag: `e-${n}`,
      relative: n,
      path: join(target, n),
    })),
    rejected: [],
    excluded: [],
    folderMarkers: [],
    bytes: names.reduce((s, n) => s + n.length, 0),
  }
  const request: TreeDownloadRequest = {
    sources: [{ kind: 'prefix', bucket: 'b', prefix: 'p/' }],
    target,
    connection: { endpoint: 'http://s3', region: 'us-east-1', pathStyle: true },
  }
  return { journalDir: join(root, 'journals'), target, plan, request }
}

/** Writes each file as the engine would (its bytes are its name); `fail` decides per key. */
function fakeQueue(fail: (key: string) => FerryError | undefined = () => undefined) {
  const fetched: string[] = []
  const queue: DownloadQueue = {
    async download(r: EngineDownload): Promise<DownloadOutcome> {
      fetched.push(r.job.key)
      const error = fail(r.job.key)
      if (error) throw error
      const name = r.job.key.slice(2)
      writeFileSync(r.job.target, name)
      return {
        bucket: 'b',
        key: r.job.key,
        path: r.job.target,
        bytes: name.length,
        etag: `e-${name}`,
        verification: { verified: true, method: 'md5', detail: 'ok' },
        partsTotal: 1,
        partsDownloaded: 1,
        partsReused: 0,
        skipped: false,
      }
    },
    stopDownload: () => {},
  }
  return { queue, fetched }
}

const connection = { endpoint: 'http://s3', region: 'us-east-1', pathStyle: true }

describe('runTreeDownload', () => {
  it('a second run of a set cut short fetches only what the first did not finish', async () => {
    const { journalDir, plan, request } = setup(['a.txt', 'bb.txt', 'ccc.txt'])
    const denied = new FerryError({ code: 'access-denied', message: 'no', fix: 'ask' })
    const first = fakeQueue((key) => (key === 'p/bb.txt' ? denied : undefined))
    const events: TreeEvent[] = []
    const one = await runTreeDownload(request, plan, {
      queue: first.queue,
      journalDir,
      journalConnection: connection,
      onEvent: (e) => events.push(e),
      window: 1,
    })
    expect(one).toMatchObject({ files: 2, failed: 1, skipped: 0, interrupted: false })
    expect(events.find((e) => e.kind === 'failed')).toMatchObject({
      key: 'p/bb.txt',
      error: { code: 'access-denied' },
    })

    const second = fakeQueue()
    const two = await runTreeDownload(request, plan, {
      queue: second.queue,
      journalDir,
      journalConnection: connection,
    })
    // The same set, continued: the two finished files are neither fetched nor a --if-exists failure.
    expect(two).toMatchObject({ setId: one.setId, files: 1, skipped: 2, failed: 0 })
    expect(second.fetched).toEqual(['p/bb.txt'])
  })

  it('a file renamed into place just before a kill counts as finished; one that was there before does not', async () => {
    const { journalDir, plan, request, target } = setup(['a.txt', 'bb.txt'])
    // The first run: both started, killed before either finish reached the journal.
    const killed = fakeQueue(() => new FerryError({ code: 'disk-full', message: 'full', fix: 'free' }))
    // Someone's own file of the very size of the object: only the journal tells it is not the set's.
    writeFileSync(join(target, 'bb.txt'), 'mine!!')
    const one = await runTreeDownload({ ...request, ifExists: 'overwrite' }, plan, {
      queue: killed.queue,
      journalDir,
      journalConnection: connection,
      window: 2,
    })
    expect(one.interrupted).toBe(true)
    expect(one.stoppedBy?.code).toBe('disk-full')
    // What the engine had placed before the kill: a.txt, whole, linked from its partial file,
    // which with the ranges' journal was still there to remove.
    writeFileSync(join(target, 'a.txt'), 'a.txt')
    writeFileSync(partialPathOf(join(target, 'a.txt')), 'a.txt')
    writeFileSync(journalPathOf(join(target, 'a.txt')), '{}\n')

    const second = fakeQueue()
    const two = await runTreeDownload({ ...request, ifExists: 'overwrite' }, plan, {
      queue: second.queue,
      journalDir,
      journalConnection: connection,
    })
    expect(second.fetched).toEqual(['p/bb.txt'])
    expect(two).toMatchObject({ setId: one.setId, files: 1, skipped: 1 })
    expect(readdirSync(target).sort()).toEqual(['a.txt', 'bb.txt'])
  })

  it('a stop pauses the set: nothing more starts, and no end is journaled', async () => {
    const { journalDir, plan, request } = setup(['a.txt', 'bb.txt', 'ccc.txt'])
    const stop = new AbortController()
    const { queue, fetched } = fakeQueue((key) => {
      if (key === 'p/a.txt') stop.abort()
      return key === 'p/a.txt'
        ? new FerryError({ code: 'cancelled', message: 'stopped', fix: 'resume' })
        : undefined
    })
    const one = await runTreeDownload(request, plan, {
      queue,
      journalDir,
      journalConnection: connection,
      signal: stop.signal,
      window: 1,
    })
    expect(fetched).toEqual(['p/a.txt'])
    expect(one).toMatchObject({ interrupted: true, failed: 0, stoppedBy: { code: 'paused' } })
  })

  it('a stop while starts wait for their flush begins none of them', async () => {
    const { journalDir, plan, request } = setup(['a.txt', 'bb.txt', 'ccc.txt'])
    const stop = new AbortController()
    const { queue, fetched } = fakeQueue()
    const events: TreeEvent[] = []
    const run = runTreeDownload(request, plan, {
      queue,
      journalDir,
      journalConnection: connection,
      signal: stop.signal,
      onEvent: (e) => events.push(e),
      window: 3,
    })
    // Stopped once the starts are written, while they wait for their shared flush (START_FLUSH_MS).
    const setsDir = downloadSetsDir(journalDir)
    const watch = setInterval(() => {
      const journals = existsSync(setsDir) ? readdirSync(setsDir) : []
      if (journals.some((f) => readFileSync(join(setsDir, f), 'utf8').includes('"t":"start"'))) stop.abort()
    }, 1)
    const one = await run
    clearInterval(watch)
    expect(stop.signal.aborted).toBe(true)
    expect(fetched).toEqual([])
    expect(events.filter((e) => e.kind === 'started')).toEqual([])
    expect(one).toMatchObject({ interrupted: true, files: 0, stoppedBy: { code: 'paused' } })
  })
})
