import { describe, expect, it } from 'vitest'
import { archiveState, describeArchiveState, isArchived } from './archive'

describe('archived objects', () => {
  it('tells archive classes and tiers from readable ones', () => {
    expect(isArchived('GLACIER')).toBe(true)
    expect(isArchived('DEEP_ARCHIVE')).toBe(true)
    expect(isArchived('GLACIER_IR')).toBe(false)
    expect(isArchived('STANDARD')).toBe(false)
    expect(isArchived(undefined)).toBe(false)
    expect(isArchived('INTELLIGENT_TIERING')).toBe(false)
    expect(isArchived('INTELLIGENT_TIERING', 'ARCHIVE_ACCESS')).toBe(true)
    expect(isArchived('INTELLIGENT_TIERING', 'DEEP_ARCHIVE_ACCESS')).toBe(true)
  })

  it('reads x-amz-restore as S3 writes it', () => {
    expect(archiveState('GLACIER', undefined, undefined)).toEqual({ kind: 'archived' })
    expect(archiveState('GLACIER', undefined, 'ongoing-request="true"')).toEqual({ kind: 'restoring' })
    const later = new Date(Date.now() + 86_400_000)
    later.setUTCMilliseconds(0)
    expect(
      archiveState(
        'DEEP_ARCHIVE',
        undefined,
        `ongoing-request="false", expiry-date="${later.toUTCString()}"`,
      ),
    ).toEqual({ kind: 'restored', expires: later.toISOString() })
    // An expired copy is archived again.
    expect(
      archiveState(
        'GLACIER',
        undefined,
        'ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"',
      ),
    ).toEqual({ kind: 'archived' })
    expect(archiveState('STANDARD', undefined, undefined)).toBeUndefined()
  })

  it('describes each state in one line', () => {
    expect(describeArchiveState({ kind: 'archived' })).toContain('restore it')
    expect(describeArchiveState({ kind: 'restoring' })).toContain('in progress')
    expect(describeArchiveState({ kind: 'restored', expires: '2030-01-02T03:04:00.000Z' })).toContain(
      '2030-01-02 03:04 UTC',
    )
  })
})
