// The queue's files in a temporary folder: what a restart sees after each kind of end.
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DurableQueue, type NewJob } from './durable-queue'
import { timingRecord, type JobRecord } from './queue-records'

const dirs: string[] = []
function paths() {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-queue-'))
  dirs.push(dir)
  return { queue: join(dir, 'queue.jsonl'), timings: join(dir, 'timings.jsonl') }
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const fields = (n: number): NewJob => ({
  source: `/data/file ${n}`,
  bucket: 'b',
  key: `k/${n}`,
  ifExists: 'overwrite',
})
const done = (job: JobRecord) =>
  timingRecord({ job, startedAt: job.at, finishedAt: job.at + 5, bytes: 1, result: 'done', attempts: 1 })

describe('DurableQueue', () => {
  it('gives back every acknowledged job that has no timing line, in submission order', async () => {
    const p = paths()
    const { queue } = await DurableQueue.open(p)
    const jobs = await Promise.all([0, 1, 2, 3].map((n) => queue.submit(fields(n))))
    queue.started(jobs[1]!.id, 'transfer-1')
    await queue.finish(done(jobs[2]!))
    expect(queue.openCount).toBe(3)
    // No close(): as if the process were killed here.
    const again = await DurableQueue.open(p)
    expect(again.recovered.map((j) => j.record.id)).toEqual([jobs[0]!.id, jobs[1]!.id, jobs[3]!.id])
    expect(again.recovered[1]).toMatchObject({ transferId: 'transfer-1', starts: 1 })
    expect(again.recovered[0]!.record).toMatchObject({ source: '/data/file 0', key: 'k/0' })
    await again.queue.close()
  })

  it('ignores torn last lines and appends after the whole ones', async () => {
    const p = paths()
    const { queue } = await DurableQueue.open(p)
    const a = await queue.submit(fields(1))
    const b = await queue.submit(fields(2))
    await queue.finish(done(a))
    await queue.close()
    appendFileSync(p.queue, '{"t":"job","id":"torn","at":1,"sou')
    appendFileSync(p.timings, `{"job":"${b.id}","result":"do`)
    const again = await DurableQueue.open(p)
    expect(again.recovered.map((j) => j.record.id)).toEqual([b.id])
    await again.queue.finish(done(b))
    await again.queue.close()
    const lines = readFileSync(p.timings, 'utf8').trim().split('\n')
    expect(lines.map((l) => JSON.parse(l).job)).toEqual([a.id, b.id])
  })

  it('compacts to the open jobs and still knows what finished after the mark', async () => {
    const p = paths()
    const { queue } = await DurableQueue.open(p, { compactAfterBytes: 2_000 })
    const jobs: JobRecord[] = []
    const finishing: Promise<void>[] = []
    for (let n = 0; n < 80; n++) {
      jobs.push(await queue.submit(fields(n)))
      // Finish the even ones, a few in flight at once, while submissions grow the file.
      if (n % 2 === 1) finishing.push(queue.finish(done(jobs[n - 1]!)))
    }
    await Promise.all(finishing)
    const first = JSON.parse(readFileSync(p.queue, 'utf8').split('\n')[0]!)
    expect(first).toMatchObject({ t: 'mark' })
    expect(first.timings).toBeGreaterThan(0)
    const again = await DurableQueue.open(p)
    expect(again.recovered.map((j) => j.record.id)).toEqual(
      jobs.filter((_, n) => n % 2 === 1).map((j) => j.id),
    )
    await again.queue.close()
  })

  it('reads the whole timing log when it was rotated (a new file)', async () => {
    const p = paths()
    const { queue } = await DurableQueue.open(p)
    const a = await queue.submit(fields(1))
    const b = await queue.submit(fields(2))
    await queue.finish(done(a))
    await queue.close()
    // Reopening compacts with a mark at the end of the timing log; then the log is rotated
    // by hand and b's line lands in the new, shorter one.
    await (await DurableQueue.open(p)).queue.close()
    renameSync(p.timings, `${p.timings}.1`)
    writeFileSync(p.timings, `${JSON.stringify(done(b))}\n`)
    const again = await DurableQueue.open(p)
    expect(again.recovered).toEqual([])
    await again.queue.close()
  })
})
