import type { FerryErrorValue } from '../../../../shared/errors'
import './error-notice.css'

interface Props {
  error: FerryErrorValue
  /** What was being attempted, e.g. "Could not list buckets". */
  title?: string
  onDismiss?: () => void
}

/** Every failed bridge call shows what went wrong and what to do about it. */
export function ErrorNotice({ error, title, onDismiss }: Props) {
  return (
    <div className="error-notice" role="alert">
      <div className="error-notice__text">
        <p className="error-notice__message">
          {title ? <strong>{title}: </strong> : null}
          {capitalize(error.message)}
        </p>
        <p className="error-notice__fix">{error.fix}</p>
        {error.detail ? <p className="error-notice__detail">{error.detail}</p> : null}
      </div>
      {onDismiss ? (
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      ) : null}
    </div>
  )
}

/** Messages are written lower-case to compose; a leading key, URL or name ("s3://b/k", "photo.jpg") keeps its case. */
const capitalize = (s: string) => (/^[a-z]+[\s,:]/.test(s) ? s[0]!.toUpperCase() + s.slice(1) : s)
