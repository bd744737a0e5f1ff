import { describe, expect, it } from 'vitest'
import { sampleTransfer } from '../../shared/domain/sample-transfer'
import type { FileTransferSummary } from '../../shared/domain/transfer'
import { TrayFollower, trayModel } from './tray-model'

const t = (id: string, patch: Partial<FileTransferSummary>) =>
  sampleTransfer(id, { size: 1024 * 1024, ...patch })

const enabled = (model: ReturnType<typeof trayModel>) =>
  model.items.flatMap((i) => ('action' in i && i.enabled ? [i.action] : []))

describe('the tray', () => {
  it('is plain Ferry with nothing to pause or resume when idle', () => {
    const model = trayModel([t('1', { state: 'done', bytesDone: 1024 * 1024 })])
    expect(model.tooltip).toBe('Ferry')
    expect(enabled(model)).toEqual(['show', 'quit'])
    expect(model.items.map((i) => ('label' in i ? i.label : '-'))).toEqual([
      'Show Ferry',
      '-',
      'Pause All',
      'Resume All',
      '-',
      'Quit Ferry',
    ])
  })

  it('shows the progress of what runs in its tooltip, and offers Pause All', () => {
    const model = trayModel([
      t('1', { bytesDone: 512 * 1024 }),
      t('2', { state: 'queued' }),
      t('3', { state: 'done', bytesDone: 1024 * 1024 }),
    ])
    expect(model.tooltip).toBe('Ferry: 2 transfers, 25% of 2.0 MiB')
    expect(enabled(model)).toEqual(['show', 'pause-all', 'quit'])
  })

  it('says what is paused and offers Resume All', () => {
    const model = trayModel([t('1', { state: 'paused' })])
    expect(model.tooltip).toBe('Ferry: 1 transfer paused')
    expect(enabled(model)).toEqual(['show', 'resume-all', 'quit'])
  })

  it('is rebuilt only when what it shows changes, and counts what quitting would stop', () => {
    const follower = new TrayFollower()
    expect(follower.update([t('1', { bytesDone: 10 })])?.tooltip).toBe('Ferry: 1 transfer, 0% of 1.0 MiB')
    // A few more bytes, the same whole percent: nothing to redraw.
    expect(follower.update([t('1', { bytesDone: 20 })])).toBeNull()
    expect(follower.running()).toBe(1)
    expect(follower.update([t('1', { state: 'done', bytesDone: 1024 * 1024 })])?.tooltip).toBe('Ferry')
    expect(follower.running()).toBe(0)
  })
})
