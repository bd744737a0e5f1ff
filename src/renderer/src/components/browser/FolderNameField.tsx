/** The name field of the folder forms (new folder, rename), with the problem under it. */
export function FolderNameField({
  id,
  label,
  value,
  problem,
  onChange,
}: {
  id: string
  label: string
  value: string
  problem: string | undefined
  onChange: (value: string) => void
}) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field__input"
        value={value}
        autoFocus
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {problem ? (
        <span id={`${id}-problem`} className="field__problem">
          {problem}
        </span>
      ) : null}
    </div>
  )
}
