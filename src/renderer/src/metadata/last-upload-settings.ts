// "Apply last metadata": what the previous upload used, kept in this window's localStorage
// (per app profile, never sent anywhere). A stored value that no longer parses is ignored.
import type { IfExists } from '../../../shared/domain/transfer'
import { newRow, type MetadataDraft } from './metadata-draft'

const STORAGE_KEY = 'ferry.lastUploadSettings.v1'

export interface UploadSettings {
  draft: MetadataDraft
  ifExists: IfExists
}

interface Stored {
  contentType: string
  cacheControl: string
  contentDisposition: string
  metadata: [string, string][]
  ifExists: IfExists
}

export function saveLastUploadSettings({ draft, ifExists }: UploadSettings): void {
  const stored: Stored = {
    contentType: draft.contentType,
    cacheControl: draft.cacheControl,
    contentDisposition: draft.contentDisposition,
    metadata: draft.rows.filter((r) => r.name.trim() !== '').map((r) => [r.name.trim(), r.value]),
    ifExists,
  }
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(stored))
  } catch {
    // Storage full or disabled: the next sheet simply has nothing to re-apply.
  }
}

export function loadLastUploadSettings(): UploadSettings | null {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Stored | null
    if (!stored || !Array.isArray(stored.metadata)) return null
    const text = (v: unknown) => (typeof v === 'string' ? v : '')
    return {
      draft: {
        contentType: text(stored.contentType),
        cacheControl: text(stored.cacheControl),
        contentDisposition: text(stored.contentDisposition),
        rows: stored.metadata
          .filter((pair) => Array.isArray(pair) && pair.length === 2)
          .map(([name, value]) => newRow(text(name), text(value))),
      },
      ifExists: ['fail', 'overwrite', 'skip'].includes(stored.ifExists) ? stored.ifExists : 'fail',
    }
  } catch {
    return null
  }
}

const SKIP_KEY = 'ferry.lastUploadSkip.v1'

/** The "Skip in folders" patterns of the previous upload, to prefill the next sheet. */
export function loadLastSkip(): string {
  try {
    return localStorage.getItem(SKIP_KEY) ?? ''
  } catch {
    return ''
  }
}

export function saveLastSkip(text: string): void {
  try {
    localStorage.setItem(SKIP_KEY, text.trim())
  } catch {
    // As above: the next sheet starts empty.
  }
}

/** "Skip in folders" as typed: patterns separated by spaces or commas. */
export const skipPatterns = (text: string): string[] => text.split(/[\s,]+/).filter((p) => p !== '')
