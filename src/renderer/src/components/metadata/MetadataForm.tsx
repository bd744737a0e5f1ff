import { useId } from 'react'
import { MAX_USER_METADATA_BYTES } from '../../../../shared/s3-limits'
import {
  checkDraft,
  HEADER_LABELS,
  newRow,
  type HeaderFields,
  type MetadataDraft,
  type MetadataRow,
} from '../../metadata/metadata-draft'
import { PlusIcon } from '../common/icons'
import { HeaderField } from './HeaderField'
import { MetadataRowFields } from './MetadataRowFields'
import './metadata-form.css'

interface Props {
  draft: MetadataDraft
  onChange: (draft: MetadataDraft) => void
  /** Placeholder for a blank Content-Type: what happens when it is left empty. */
  contentTypeHint: string
  disabled?: boolean
}

/** System headers and x-amz-meta-* rows, checked on every keystroke. */
export function MetadataForm({ draft, onChange, contentTypeHint, disabled = false }: Props) {
  const check = checkDraft(draft)
  const usageId = useId()
  const setHeader = (field: keyof HeaderFields, value: string) => onChange({ ...draft, [field]: value })
  const setRow = (row: MetadataRow) =>
    onChange({ ...draft, rows: draft.rows.map((r) => (r.id === row.id ? row : r)) })
  const removeRow = (id: number) => onChange({ ...draft, rows: draft.rows.filter((r) => r.id !== id) })
  const addRow = () => onChange({ ...draft, rows: [...draft.rows, newRow()] })

  return (
    <div className="metadata-form">
      <div className="metadata-form__headers">
        {(Object.keys(HEADER_LABELS) as (keyof HeaderFields)[]).map((field) => (
          <HeaderField
            key={field}
            label={HEADER_LABELS[field]}
            value={draft[field]}
            problem={check.headerProblems[field]}
            placeholder={field === 'contentType' ? contentTypeHint : 'None'}
            disabled={disabled}
            onChange={(value) => setHeader(field, value)}
          />
        ))}
      </div>
      <fieldset className="metadata-form__user" disabled={disabled}>
        <legend className="metadata-form__legend">
          User metadata <span className="muted">(x-amz-meta-*)</span>
        </legend>
        {draft.rows.length === 0 ? <p className="metadata-form__none muted">No user metadata.</p> : null}
        <ul className="metadata-form__rows" aria-describedby={usageId}>
          {draft.rows.map((row) => (
            <MetadataRowFields
              key={row.id}
              row={row}
              problem={check.rowProblems.get(row.id)}
              onChange={setRow}
              onRemove={() => removeRow(row.id)}
            />
          ))}
        </ul>
        <div className="metadata-form__footer">
          <button type="button" className="button button--small" onClick={addRow}>
            <PlusIcon />
            Add metadata
          </button>
          <span
            id={usageId}
            className={check.overLimit ? 'metadata-form__usage is-over' : 'metadata-form__usage muted'}
            role={check.overLimit ? 'alert' : undefined}
          >
            {check.bytes.toLocaleString('en-US')} of {MAX_USER_METADATA_BYTES.toLocaleString('en-US')} bytes
            {check.overLimit ? ': over S3’s limit for user metadata. Shorten or remove entries.' : ''}
          </span>
        </div>
      </fieldset>
    </div>
  )
}
