import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { parseTypedPath } from '../../../../shared/find/typed-path'
import { useStore } from '../../store/store'

/** A path typed here opens there: "s3://bucket/folder/", "folder/sub/" in the open bucket, or a key. */
export function GoToPath() {
  const { bucket, openLocation, setFilter } = useStore(
    useShallow((s) => ({ bucket: s.bucket, openLocation: s.openLocation, setFilter: s.setFilter })),
  )
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const go = (event: FormEvent) => {
    event.preventDefault()
    const path = parseTypedPath(text, bucket)
    if (typeof path === 'string') {
      setProblem(path)
      return
    }
    setProblem(null)
    openLocation(path.bucket, path.prefix)
    // A key: its folder opens, narrowed to its name.
    if (path.name) setFilter(path.name)
    setText('')
  }
  return (
    <form className="go-to-path" onSubmit={go} role="search" aria-label="Go to path">
      <input
        className="field__input"
        value={text}
        placeholder="Go to s3://bucket/folder/…"
        aria-label="Path"
        aria-invalid={problem ? true : undefined}
        title={problem ?? 'Type a path and press Enter'}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value)
          setProblem(null)
        }}
      />
      {problem ? (
        <span className="field__problem" role="alert">
          {problem}
        </span>
      ) : null}
    </form>
  )
}
