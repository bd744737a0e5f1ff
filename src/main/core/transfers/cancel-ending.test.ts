import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { queuedSummary } from './queued-summary'
import { cancelNotFinished, forgetCancelled } from './cancel-ending'
import { cancelPending } from '../../journal/cancel-marks'

const summary = queuedSummary(
  { id: 't1', direction: 'upload', source: '/f', bucket: 'b', key: 'k/x.bin', connectionId: 'c', size: 1 },
  '2026-01-01T00:00:00.000Z',
)

describe('cancel endings', () => {
  it('a cancel that did not finish names the object, the cause, its fix, and that the upload id is kept; the journal is marked until a cancel ends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-cancel-ending-'))
    const error = cancelNotFinished(dir, summary, {
      code: 'network',
      message: 'the endpoint refused the connection (connect ECONNREFUSED 127.0.0.1:1).',
      fix: 'Check that the store runs',
      retryable: true,
    })
    expect(error).toEqual({
      code: 'network',
      message:
        'the cancel of s3://b/k/x.bin did not finish: the endpoint refused the connection (connect ECONNREFUSED 127.0.0.1:1)',
      fix: 'Check that the store runs. Then cancel it again: Ferry keeps its journal, with the multipart upload id, until the upload is aborted.',
    })
    try {
      expect(cancelPending(dir, 't1')).toBe(true)
      forgetCancelled(dir, 't1')
      expect(cancelPending(dir, 't1')).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('forgets a cancelled journal, and a missing one is no error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-cancel-ending-'))
    try {
      writeFileSync(join(dir, 't1.journal'), '{}\n')
      forgetCancelled(dir, 't1')
      expect(existsSync(join(dir, 't1.journal'))).toBe(false)
      expect(() => forgetCancelled(dir, 't1')).not.toThrow()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
