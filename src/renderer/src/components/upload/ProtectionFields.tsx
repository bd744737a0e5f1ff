import { useId } from 'react'
import { CANNED_ACLS } from '../../../../shared/canned-acls'
import type { ProtectionDraft } from '../../upload/protection-draft'
import { EncryptionFields } from './EncryptionFields'

interface Props {
  value: ProtectionDraft
  onChange: (value: ProtectionDraft) => void
  disabled: boolean
  problem?: string | undefined
}

/** Encryption, storage class, canned ACL and tags of an upload. */
export function ProtectionFields({ value, onChange, disabled, problem }: Props) {
  const id = useId()
  const set = (change: Partial<ProtectionDraft>) => onChange({ ...value, ...change })
  return (
    <fieldset className="protection" disabled={disabled}>
      <legend className="if-exists__legend">Encryption, storage class and tags</legend>
      <EncryptionFields
        value={value}
        onChange={set}
        noneLabel="None (the bucket's default)"
        keyFileHint="Ferry reads the key for this upload only and never stores it."
      />
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
