import { useId } from 'react'
import type { EncryptionDraft } from '../../upload/connection-encryption-draft'
import type { EncryptionChoice } from '../../upload/protection-draft'

interface Props {
  value: EncryptionDraft
  onChange: (change: Partial<EncryptionDraft>) => void
  noneLabel: string
  keyFileHint: string
  label?: string
}

/** The encryption choice, with a KMS key id or an SSE-C key file: the upload sheet's and a connection's. */
export function EncryptionFields({ value, onChange, noneLabel, keyFileHint, label = 'Encryption' }: Props) {
  const id = useId()
  const choices: { value: EncryptionChoice; label: string }[] = [
    { value: 'none', label: noneLabel },
    { value: 'sse-s3', label: 'SSE-S3 (AES256)' },
    { value: 'sse-kms', label: 'SSE-KMS' },
    { value: 'sse-c', label: 'SSE-C (my own key)' },
  ]
  return (
    <>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-enc`}>
          {label}
        </label>
        <select
          id={`${id}-enc`}
          className="field__input"
          value={value.encryption}
          onChange={(e) => onChange({ encryption: e.target.value as EncryptionChoice })}
        >
          {choices.map((e) => (
            <option key={e.value} value={e.value}>
              {e.label}
            </option>
          ))}
        </select>
      </div>
      {value.encryption === 'sse-kms' ? (
        <div className="field">
          <label className="field__label" htmlFor={`${id}-kms`}>
            KMS key id
          </label>
          <input
            id={`${id}-kms`}
            className="field__input"
            value={value.kmsKeyId}
            placeholder="The store's default key"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => onChange({ kmsKeyId: e.target.value })}
          />
        </div>
      ) : null}
      {value.encryption === 'sse-c' ? (
        <div className="field">
          <label className="field__label" htmlFor={`${id}-key`}>
            SSE-C key file
          </label>
          <input
            id={`${id}-key`}
            className="field__input"
            value={value.keyFile}
            placeholder="/path/to/key.bin (32 bytes)"
            spellCheck={false}
            autoComplete="off"
            aria-describedby={`${id}-key-hint`}
            onChange={(e) => onChange({ keyFile: e.target.value })}
          />
          <span id={`${id}-key-hint`} className="field__hint">
            {keyFileHint}
          </span>
        </div>
      ) : null}
    </>
  )
}
