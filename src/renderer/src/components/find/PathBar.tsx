import { useState, type FormEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { parseTypedPath } from '../../../../shared/find/typed-path'
import { useStore } from '../../store/store'
import { Breadcrumb } from '../browser/Breadcrumb'
import { PencilIcon } from '../common/icons'

/**
 * The breadcrumb, or a path typed in its place: "s3://bucket/folder/", "folder/sub/" in the
 * open bucket, or a key (its folder opens, narrowed to its name). Enter goes, Escape returns.
 */
export function PathBar() {
  const { bucket, prefix, openLocation, setFilter } = useStore(
    useShallow((s) => ({
      bucket: s.bucket,
      prefix: s.prefix,
      openLocation: s.openLocation,
      setFilter: s.setFilter,
    })),
  )
  const [text, setText] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const close = () => {
    setText(null)
    setProblem(null)
  }
  const go = (event: FormEvent) => {
    event.preventDefault()
    const path = parseTypedPath(text ?? '', bucket)
    if (typeof path === 'string') {
      setProblem(path)
      return
    }
    close()
    openLocation(path.bucket, path.prefix)
    if (path.name) setFilter(path.name)
  }
  if (text === null)
    return (
      <>
        <Breadcrumb />
        <button
          type="button"
          className="icon-button"
          aria-label="Type a path"
          title="Type a path"
          onClick={() => setText(bucket ? `s3://${bucket}/${prefix}` : 's3://')}
        >
          <PencilIcon />
        </button>
      </>
    )
  return (
    <form className="go-to-path" onSubmit={go} role="search" aria-label="Go to path">
      <input
        className="field__input"
        value={text}
        aria-label="Path"
        aria-invalid={problem ? true : undefined}
        autoFocus
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value)
          setProblem(null)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault()
            close()
          }
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
