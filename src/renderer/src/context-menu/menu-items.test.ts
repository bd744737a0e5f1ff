import { describe, expect, it } from 'vitest'
import { sampleTransfer } from '../../../shared/domain/sample-transfer'
import type { FileTransferSummary } from '../../../shared/domain/transfer'
import { errorText, rowMenu, transferMenu } from './menu-items'

const enabled = <A extends string>(items: { action: A; enabled: boolean }[]) =>
  items.filter((i) => i.enabled).map((i) => i.action)

const t = (patch: Partial<FileTransferSummary>) =>
  sampleTransfer('t1', { source: '/tmp/a', key: 'photos/a.jpg', size: 10, ...patch })

describe('the row menu', () => {
  it('offers every action, in order, for one object, with shortcuts shown', () => {
    const items = rowMenu(['photos/a.jpg'], false)
    expect(items.map((i) => i.label)).toEqual([
      'Download',
      'Copy link',
      'Copy URL',
      'Rename',
      'Delete',
      'Properties',
    ])
    expect(enabled(items)).toEqual(['download', 'copy-link', 'copy-url', 'rename', 'delete', 'properties'])
    expect(items.find((i) => i.action === 'rename')?.shortcut).toBe('F2')
    expect(items.find((i) => i.action === 'properties')?.shortcut).toBe('Alt+Enter')
    expect(rowMenu(['photos/a.jpg'], true).find((i) => i.action === 'properties')?.shortcut).toBe(
      'CmdOrCtrl+I',
    )
  })

  it('keeps a folder to what applies to a folder', () => {
    expect(enabled(rowMenu(['photos/'], false))).toEqual(['download', 'copy-url', 'delete'])
  })

  it('acts on several rows with Download and Delete only, and says how many', () => {
    const items = rowMenu(['a.txt', 'b.txt', 'photos/'], false)
    expect(enabled(items)).toEqual(['download', 'delete'])
    expect(items[0]!.label).toBe('Download 3 items')
    expect(items[4]!.label).toBe('Delete 3 items')
  })
})

describe('the transfer menu', () => {
  it('pauses and cancels a running transfer', () => {
    expect(enabled(transferMenu(t({ state: 'uploading' })))).toEqual(['pause', 'cancel'])
  })

  it('resumes a paused one, and retries a failed one with its error to copy', () => {
    expect(enabled(transferMenu(t({ state: 'paused' })))).toEqual(['resume', 'cancel'])
    const failed = t({
      state: 'failed',
      error: {
        code: 'access-denied',
        message: 'access denied to s3://b/photos/a.jpg',
        fix: 'Check the policy.',
      },
    })
    const items = transferMenu(failed)
    expect(enabled(items)).toEqual(['resume', 'copy-error'])
    expect(items[1]!.label).toBe('Retry')
    expect(errorText(failed)).toBe(
      'access denied to s3://b/photos/a.jpg. Fix: Check the policy. (access-denied; upload s3://b/photos/a.jpg)',
    )
  })

  it('shows a finished download in its folder', () => {
    expect(enabled(transferMenu(t({ direction: 'download', state: 'done' })))).toEqual(['show-in-folder'])
    expect(enabled(transferMenu(t({ direction: 'upload', state: 'done' })))).toEqual([])
  })
})
