import { useId } from 'react'

interface Props {
  value: string
  disabled: boolean
  onChange: (value: string) => void
}

/** "Skip in folders": patterns of files and folders inside dropped folders to leave out. */
export function SkipField({ value, disabled, onChange }: Props) {
  const inputId = useId()
  const hintId = useId()
  return (
    <div className="field">
      <label className="field__label" htmlFor={inputId}>
        Skip in folders
      </label>
      <input
        id={inputId}
        className="field__input"
        value={value}
        placeholder=".DS_Store *.tmp node_modules"
        disabled={disabled}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={hintId}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={hintId} className="field__hint">
        Separated by spaces: a name at any depth (*.tmp), or a path from the folder down (build/**).
      </span>
    </div>
  )
}
