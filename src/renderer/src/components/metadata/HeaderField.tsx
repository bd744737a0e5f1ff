import { useId } from 'react'

interface Props {
  label: string
  value: string
  problem: string | undefined
  placeholder: string
  disabled: boolean
  onChange: (value: string) => void
}

/** The problem sits outside the label: inside, it would become part of the field's name. */
export function HeaderField({ label, value, problem, placeholder, disabled, onChange }: Props) {
  const inputId = useId()
  const problemId = useId()
  return (
    <div className="field">
      <label className="field__label" htmlFor={inputId}>
        {label}
      </label>
      <input
        id={inputId}
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
    </div>
  )
}
