// Cancelling many small uploads while the first of them start: each one ends cancelled (or
// done, when it finished before the cancel reached it), never failed, and nothing is left
// open on the server or in the journals.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TransferManager } from '../../src/main/core/transfers/transfer-manager'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { openUploads, tempDir, testManager, writeRandomFile } from './upload-support'

const FILES = 300

describe('cancel while transfers start', () => {
  const s3 = testClient()
  const tmp = tempDir('cancelrace')
  let bucket: string

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'cancelrace')
  })
  afterAll(() => tmp.cleanup())

  const files = (folder: string): string[] => {
    const paths: string[] = []
    for (let i = 0; i < FILES; i++) {
      const path = join(tmp.dir, `${folder}-${i}.txt`)
      writeRandomFile(path, 2048)
      paths.push(path)
    }
    return paths
  }

  /** Every transfer settled cancelled or done, none failed; journals closed; no upload left open. */
  const expectAllStopped = async (
    manager: TransferManager,
    ids: string[],
    journalDir: string,
    cancelledAtLeast: number,
  ) => {
    const results = await Promise.all(ids.map((id) => manager.waitFor(id)))
    const states = results.map((r) => r.summary.state)
    const wrong = results.filter((r) => r.summary.state !== 'cancelled' && r.summary.state !== 'done')
    expect(wrong.map((r) => `${r.summary.id}: ${r.summary.state} ${r.summary.error?.message ?? ''}`)).toEqual(
      [],
    )
    expect(states.filter((s) => s === 'cancelled').length).toBeGreaterThanOrEqual(cancelledAtLeast)
    expect(await openUploads(s3, bucket)).toEqual([])
    // No journal is left open: each is closed (cancelled or done) or was never written.
    for (const name of readdirSync(journalDir).filter((n) => n.endsWith('.journal'))) {
      const text = readFileSync(join(journalDir, name), 'utf8')
      if (text.trim() === '') continue
      expect(text, name).toMatch(/"t":"final"/)
    }
    const open = (await manager.resumable()).filter((id) => ids.includes(id))
    expect(open).toEqual([])
    // Clear finished takes every one of them.
    await manager.clearFinished()
    const left = (await manager.list()).filter((s) => ids.includes(s.id))
    expect(left.map((s) => `${s.id}: ${s.state}`)).toEqual([])
  }

  it('cancel of all at once, as the first ones start', async () => {
    const journalDir = join(tmp.dir, 'all', 'transfers')
    const { manager } = testManager(journalDir, { maxActiveFiles: 4 })
    try {
      let cancelAll: () => void = () => {}
      let started = false
      const summaries = await manager.upload(
        { connection: testConnection(), bucket, prefix: 'all/', paths: files('all') },
        {
          onStart: () => {
            if (started) return
            started = true
            // The first start is under way: cancel everything, those starting included.
            queueMicrotask(() => cancelAll())
          },
        },
      )
      const ids = summaries.map((s) => s.id)
      expect(ids).toHaveLength(FILES)
      cancelAll = () => {
        for (const id of ids) manager.cancel(id)
      }
      if (started) cancelAll()
      // The few running when the cancel came may finish first; the rest never start.
      await expectAllStopped(manager, ids, journalDir, FILES - 8)
    } finally {
      await manager.close()
    }
  })

  it('cancel of each one as it starts', async () => {
    const journalDir = join(tmp.dir, 'each', 'transfers')
    const { manager } = testManager(journalDir, { maxActiveFiles: 4 })
    try {
      const summaries = await manager.upload(
        { connection: testConnection(), bucket, prefix: 'each/', paths: files('each') },
        { onStart: (id) => manager.cancel(id) },
      )
      const ids = summaries.map((s) => s.id)
      // Each cancel is on its way before the engine is asked to upload: none may finish.
      await expectAllStopped(manager, ids, journalDir, FILES)
    } finally {
      await manager.close()
    }
  })

  it('cancel of each one once the engine runs it: those that finished meanwhile stay done', async () => {
    const journalDir = join(tmp.dir, 'late', 'transfers')
    const { manager } = testManager(journalDir, { maxActiveFiles: 4, changeIntervalMs: 0 })
    const asked = new Set<string>()
    const off = manager.onChanged((batch) => {
      for (const s of batch) {
        if (asked.has(s.id) || !['uploading', 'verifying', 'done'].includes(s.state)) continue
        asked.add(s.id)
        try {
          manager.cancel(s.id)
        } catch {
          // Finished before the cancel: it stays done.
        }
      }
    })
    try {
      const summaries = await manager.upload({
        connection: testConnection(),
        bucket,
        prefix: 'late/',
        paths: files('late'),
      })
      const ids = summaries.map((s) => s.id)
      // The engine has each one when its cancel comes: many finish first, none may fail.
      await expectAllStopped(manager, ids, journalDir, 0)
      expect(asked.size).toBe(FILES)
    } finally {
      off()
      await manager.close()
    }
  })
})
