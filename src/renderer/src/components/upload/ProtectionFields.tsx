import { useId } from 'react'
import { CANNED_ACLS } from '../../../../shared/canned-acls'
import type { EncryptionChoice, ProtectionDraft } from '../../upload/protection-draft'

interface Props {
  value: ProtectionDraft
  onChange: (value: ProtectionDraft) => void
  disabled: boolean
  problem?: string | undefined
}

const ENCRYPTIONS: { value: EncryptionChoice; label: string }[] = [
  { value: 'none', label: "None (the bucket's default)" },
  { value: 'sse-s3', label: 'SSE-S3 (AES256)' },
  { value: 'sse-kms', label: 'SSE-KMS' },
  { value: 'sse-c', label: 'SSE-C (my own key)' },
]

/** Encryption, storage class, canned ACL and tags of an upload. */
export function ProtectionFields({ value, onChange, disabled, problem }: Props) {
  const id = useId()
  const set = (change: Partial<ProtectionDraft>) => onChange({ ...value, ...change })
  return (
    <fieldset className="protection" disabled={disabled}>
      <legend className="if-exists__legend">Encryption, storage class and tags</legend>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-enc`}>
          Encryption
        </label>
        <select
          id={`${id}-enc`}
          className="field__input"
          value={value.encryption}
          onChange={(e) => set({ encryption: e.target.value as EncryptionChoice })}
        >
          {ENCRYPTIONS.map((e) => (
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
            onChange={(e) => set({ kmsKeyId: e.target.value })}
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
            onChange={(e) => set({ keyFile: e.target.value })}
          />
          <span id={`${id}-key-hint`} className="field__hint">
            Ferry reads the key for this upload only and never stores it.
          </span>
        </div>
      ) : null}
      <div className="field">
        <label className="field__label" htmlFor={`${id}-class`}>
          Storage class
        </label>
        <input
          id={`${id}-class`}
          className="field__input"
          value={value.storageClass}
          placeholder="STANDARD"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => set({ storageClass: e.target.value })}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-acl`}>
          ACL
        </label>
        <select
          id={`${id}-acl`}
          className="field__input"
          value={value.acl}
          onChange={(e) => set({ acl: e.target.value })}
        >
          <option value="">The bucket&apos;s</option>
          {CANNED_ACLS.map((acl) => (
            <option key={acl} value={acl}>
              {acl}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-tags`}>
          Tags
        </label>
        <input
          id={`${id}-tags`}
          className="field__input"
          value={value.tagging}
          placeholder="team=ops&project=ferry"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => set({ tagging: e.target.value })}
        />
      </div>
      {problem ? (
        <p className="field__problem" role="alert">
          {problem}
        </p>
      ) : null}
    </fieldset>
  )
}
