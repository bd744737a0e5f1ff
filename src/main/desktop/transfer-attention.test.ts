import { describe, expect, it } from 'vitest'
import { sampleTransfer } from '../../shared/domain/sample-transfer'
import { TransferAttention } from './transfer-attention'

const t = sampleTransfer

describe('TransferAttention', () => {
  it('shows the batch progress over every member, finished ones included', () => {
    const a = new TransferAttention()
    expect(a.update([t('1', { bytesDone: 50 }), t('2', { bytesDone: 0 })])).toEqual({
      progress: { fraction: 0.25, mode: 'normal' },
    })
    expect(a.update([t('1', { state: 'done', bytesDone: 100 })])).toEqual({
      progress: { fraction: 0.5, mode: 'normal' },
    })
    // No change, nothing to send to the taskbar.
    expect(a.update([t('2', { bytesDone: 0 })])).toEqual({})
  })

  it('clears progress and notifies once when the batch ends', () => {
    const a = new TransferAttention()
    a.update([t('1', {}), t('2', {})])
    a.update([
      t('1', {
        state: 'done',
        bytesDone: 100,
        verification: { verified: true, method: 'md5', detail: '' },
      }),
    ])
    const end = a.update([
      t('2', {
        state: 'done',
        bytesDone: 100,
        verification: { verified: true, method: 'md5', detail: '' },
      }),
    ])
    expect(end.progress).toEqual({ fraction: null, mode: 'normal' })
    expect(end.notification).toEqual({ title: 'Uploads finished', body: '2 files, 200 B, verified' })
    // A later change of a finished transfer starts nothing.
    expect(a.update([t('2', { state: 'done' })])).toEqual({})
  })

  it('names the failure and what else happened', () => {
    const a = new TransferAttention()
    a.update([t('1', {}), t('2', {}), t('3', { direction: 'upload' })])
    a.update([t('3', { state: 'paused' }), t('1', { state: 'done', bytesDone: 100 })])
    const end = a.update([
      t('2', {
        state: 'failed',
        error: { code: 'access-denied', message: 'access denied to s3://b/k/2', fix: '' },
      }),
    ])
    expect(end.notification).toEqual({
      title: 'Uploads failed',
      body: '1 file done, k/2 failed: access denied to s3://b/k/2; 1 file paused',
    })
  })

  it('counts a transfer that ran and ended between two change events', () => {
    const a = new TransferAttention()
    const end = a.update([t('1', { state: 'done', bytesDone: 100 })])
    expect(end.notification).toEqual({ title: 'Uploads finished', body: 'k/1, 100 B, verified' })
    // The same state again is no news.
    expect(a.update([t('1', { state: 'done', bytesDone: 100 })])).toEqual({})
  })

  it('says nothing when the person paused or cancelled everything', () => {
    const a = new TransferAttention()
    a.update([t('1', {})])
    expect(a.update([t('1', { state: 'paused' })])).toEqual({ progress: { fraction: null, mode: 'normal' } })
  })

  it('shows paused progress while every running transfer waits for the network', () => {
    const a = new TransferAttention()
    expect(a.update([t('1', { state: 'waiting-network', bytesDone: 10 })]).progress).toEqual({
      fraction: 0.1,
      mode: 'paused',
    })
  })
})
