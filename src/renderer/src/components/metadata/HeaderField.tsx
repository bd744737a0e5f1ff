import { useId } from 'react'

interface Props {
  label: string
  value: string
  problem: string | undefined
  placeholder: string
  disabled: boolean
  onChange: (value: string) => void
}

export function HeaderField({ label, value, problem, placeholder, disabled, onChange }: Props) {
  const problemId = useId()
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="field__input"
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? problemId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {problem ? (
        <span id={problemId} className="field__problem">
          {problem}
        </span>
      ) : null}
    </label>
  )
}
