// The metadata form's content and its checks, as plain data: the upload sheet and the
// object inspector hold the same draft, and every keystroke re-checks it here.
import type { ObjectDetails } from '../../../shared/domain/objects'
import type { UploadHeaders } from '../../../shared/domain/transfer'
import { metadataBytes, metadataNameProblem } from '../../../shared/metadata'
import { MAX_USER_METADATA_BYTES } from '../../../shared/s3-limits'

export interface MetadataRow {
  /** Stable across edits, for React keys and error ids. */
  id: number
  name: string
  value: string
}

export interface HeaderFields {
  contentType: string
  cacheControl: string
  contentDisposition: string
}

export interface MetadataDraft extends HeaderFields {
  rows: MetadataRow[]
}

export interface DraftCheck {
  rowProblems: Map<number, string>
  headerProblems: Partial<Record<keyof HeaderFields, string>>
  /** Bytes S3 counts against its 2 KB limit: names and values as sent (encoded). */
  bytes: number
  overLimit: boolean
  valid: boolean
}

export const HEADER_LABELS: Record<keyof HeaderFields, string> = {
  contentType: 'Content-Type',
  cacheControl: 'Cache-Control',
  contentDisposition: 'Content-Disposition',
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/
const HEADER_FIXES: Record<keyof HeaderFields, string> = {
  contentType: 'Write a media type such as text/plain; charset=utf-8.',
  cacheControl: 'Use ASCII directives such as max-age=3600.',
  contentDisposition: "Write a non-ASCII file name as filename*=UTF-8''na%C3%AFve.txt (RFC 6266).",
}

let nextRowId = 1
export const newRow = (name = '', value = ''): MetadataRow => ({ id: nextRowId++, name, value })

export const emptyDraft = (): MetadataDraft => ({
  contentType: '',
  cacheControl: '',
  contentDisposition: '',
  rows: [],
})

export function draftFromDetails(details: ObjectDetails): MetadataDraft {
  return {
    contentType: details.contentType ?? '',
    cacheControl: details.cacheControl ?? '',
    contentDisposition: details.contentDisposition ?? '',
    rows: Object.entries(details.metadata)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => newRow(name, value)),
  }
}

/** A row with neither name nor value is a blank line still being filled in, not an entry. */
const isBlank = (row: MetadataRow) => row.name.trim() === '' && row.value === ''

/** The user metadata the draft holds (names as typed, trimmed). */
export function draftMetadata(draft: MetadataDraft): Record<string, string> {
  return Object.fromEntries(draft.rows.filter((r) => !isBlank(r)).map((r) => [r.name.trim(), r.value]))
}

export function checkDraft(draft: MetadataDraft): DraftCheck {
  const rowProblems = new Map<number, string>()
  const seen = new Map<string, number>()
  for (const row of draft.rows) {
    if (isBlank(row)) continue
    const name = row.name.trim()
    const problem = name === '' ? 'Give this entry a name.' : metadataNameProblem(name)
    if (problem) {
      rowProblems.set(row.id, problem)
      continue
    }
    const lower = name.toLowerCase()
    if (seen.has(lower)) rowProblems.set(row.id, `"${name}" appears twice; names are not case-sensitive.`)
    else seen.set(lower, row.id)
  }
  const headerProblems: DraftCheck['headerProblems'] = {}
  for (const field of Object.keys(HEADER_LABELS) as (keyof HeaderFields)[]) {
    if (!PRINTABLE_ASCII.test(draft[field])) {
      headerProblems[field] = `${HEADER_LABELS[field]} can only hold ASCII characters. ${HEADER_FIXES[field]}`
    }
  }
  const bytes = metadataBytes(draftMetadata(draft))
  const overLimit = bytes > MAX_USER_METADATA_BYTES
  const valid = rowProblems.size === 0 && Object.keys(headerProblems).length === 0 && !overLimit
  return { rowProblems, headerProblems, bytes, overLimit, valid }
}

/** The upload request's headers: blank fields are left out (Content-Type is then guessed per file). */
export function draftHeaders(draft: MetadataDraft): UploadHeaders {
  const headers: UploadHeaders = { metadata: draftMetadata(draft) }
  if (draft.contentType.trim()) headers.contentType = draft.contentType.trim()
  if (draft.cacheControl.trim()) headers.cacheControl = draft.cacheControl.trim()
  if (draft.contentDisposition.trim()) headers.contentDisposition = draft.contentDisposition.trim()
  return headers
}

/** True when a value leaves the ASCII range and so travels RFC 2047-encoded. */
export const travelsEncoded = (value: string): boolean =>
  !PRINTABLE_ASCII.test(value) || value.trim() !== value
