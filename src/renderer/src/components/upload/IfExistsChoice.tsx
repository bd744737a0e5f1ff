import type { IfExists } from '../../../../shared/domain/transfer'

const CHOICES: { value: IfExists; label: string; detail: string }[] = [
  { value: 'fail', label: 'Fail', detail: 'stop with an error, keep the object' },
  { value: 'overwrite', label: 'Overwrite', detail: 'replace the object' },
  { value: 'skip', label: 'Skip', detail: 'keep the object, skip the file' },
]

interface Props {
  value: IfExists
  onChange: (value: IfExists) => void
  disabled: boolean
}

export function IfExistsChoice({ value, onChange, disabled }: Props) {
  return (
    <fieldset className="if-exists" disabled={disabled}>
      <legend className="if-exists__legend">If an object with the same key exists</legend>
      {CHOICES.map((choice) => (
        <label key={choice.value} className="if-exists__choice">
          <input
            type="radio"
            name="if-exists"
            value={choice.value}
            checked={value === choice.value}
            onChange={() => onChange(choice.value)}
          />
          <span>{choice.label}</span>
          <span className="muted" aria-hidden="true">
            {choice.detail}
          </span>
        </label>
      ))}
    </fieldset>
  )
}
