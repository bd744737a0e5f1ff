// What the context menus' items do. Each ends with a notice (what was copied, or why not),
// or opens what the inspector and the list already have: the download folder dialog, the
// Copy or rename form, the delete confirmation, the inspector itself.
import { assertNever } from '../../../shared/errors'
import { publicUrl } from '../../../shared/public-url'
import { ferry } from '../bridge'
import { useStore } from '../store/store'
import { errorText, type RowAction, type TransferAction } from './menu-items'

/** Links from the row menu last an hour, as the inspector's default. */
const ROW_LINK_SECONDS = 60 * 60

async function copy(text: string, done: string): Promise<void> {
  const copied = await ferry.copyText({ text })
  useStore.getState().showNotice(copied.ok ? done : `Not copied: ${copied.error.message}`)
}

/** Shows the one selected object in the inspector and moves the keyboard there. */
function showProperties(key: string): void {
  useStore.getState().setSelection([key])
  requestAnimationFrame(() => {
    const inspector = document.querySelector<HTMLElement>('aside.inspector')
    if (!inspector) return
    if (!inspector.hasAttribute('tabindex')) inspector.tabIndex = -1
    inspector.focus()
  })
}

export async function runRowAction(action: RowAction, ids: string[]): Promise<void> {
  const state = useStore.getState()
  const { selectedConnectionId: connectionId, bucket } = state
  if (!connectionId || !bucket) return
  const key = ids[0] ?? ''
  switch (action) {
    case 'download': {
      const result = await state.download(
        ids.filter((id) => !id.endsWith('/')),
        ids.filter((id) => id.endsWith('/')),
      )
      if (!result.ok) state.showNotice(`Not downloaded: ${result.error.message}`)
      return
    }
    case 'copy-link': {
      const signed = await ferry.presignObject({
        connectionId,
        bucket,
        key,
        expiresInSeconds: ROW_LINK_SECONDS,
      })
      if (!signed.ok) return state.showNotice(`No link: ${signed.error.message}`)
      return copy(signed.value.url, 'Link copied: it works for 1 hour.')
    }
    case 'copy-url': {
      const base = state.connections.find((c) => c.id === connectionId)?.publicUrlBase ?? ''
      // Without a public address the object's S3 URI, which ferry and other tools take.
      const url = base && !key.endsWith('/') ? publicUrl(base, key) : `s3://${bucket}/${key}`
      return copy(url, `Copied ${url}`)
    }
    case 'rename':
      return state.setRenameKey(key)
    case 'delete':
      return state.askDelete(ids)
    case 'properties':
      return showProperties(key)
    default:
      return assertNever(action)
  }
}

export async function runTransferAction(action: TransferAction, id: string): Promise<void> {
  const state = useStore.getState()
  switch (action) {
    case 'pause':
      return state.pauseTransfer(id)
    case 'resume':
      return state.resumeTransfer(id)
    case 'cancel':
      return state.cancelTransfer(id)
    case 'show-in-folder':
      return state.showInFolder(id)
    case 'copy-error': {
      const transfer = state.transfers[id]
      if (transfer?.error) return copy(errorText(transfer), 'Error copied.')
      return
    }
    default:
      return assertNever(action)
  }
}
