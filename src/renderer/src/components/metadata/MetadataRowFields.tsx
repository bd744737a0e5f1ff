import { useId } from 'react'
import { travelsEncoded, type MetadataRow } from '../../metadata/metadata-draft'

interface Props {
  row: MetadataRow
  problem: string | undefined
  onChange: (row: MetadataRow) => void
  onRemove: () => void
}

/** One x-amz-meta-* entry: its name, its value, and what is wrong with it, if anything. */
export function MetadataRowFields({ row, problem, onChange, onRemove }: Props) {
  const problemId = useId()
  const encoded = travelsEncoded(row.value)
  return (
    <li className="metadata-row" aria-label={row.name || 'New metadata'}>
      <label className="metadata-row__field">
        <span className="field__label">Metadata key</span>
        <input
          className="field__input metadata-row__name"
          value={row.name}
          placeholder="name"
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? problemId : undefined}
          onChange={(e) => onChange({ ...row, name: e.target.value })}
        />
      </label>
      <label className="metadata-row__field metadata-row__field--value">
        <span className="field__label">Metadata value</span>
        <input
          className="field__input"
          value={row.value}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => onChange({ ...row, value: e.target.value })}
        />
      </label>
      <button type="button" className="button button--small metadata-row__remove" onClick={onRemove}>
        Remove
      </button>
      {problem ? (
        <span id={problemId} className="field__problem metadata-row__note">
          {problem}
        </span>
      ) : encoded && row.value !== '' ? (
        <span className="metadata-row__note muted">
          Sent RFC 2047-encoded (=?UTF-8?B?…?=), as S3 requires; Ferry decodes it on read.
        </span>
      ) : null}
    </li>
  )
}
