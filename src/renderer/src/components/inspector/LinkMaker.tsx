import { useState } from 'react'
import type { PresignedLinkValue } from '../../../../shared/bridge/contract'
import type { FerryErrorValue } from '../../../../shared/errors'
import { publicUrl } from '../../../../shared/public-url'
import { ferry } from '../../bridge'
import { formatDate } from '../../format'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { CheckIcon } from '../common/icons'

const EXPIRIES: { seconds: number; label: string }[] = [
  { seconds: 15 * 60, label: '15 minutes' },
  { seconds: 60 * 60, label: '1 hour' },
  { seconds: 24 * 60 * 60, label: '1 day' },
  // SigV4's longest.
  { seconds: 7 * 24 * 60 * 60, label: '7 days' },
]

interface Props {
  target: { connectionId: string; bucket: string; key: string }
}

/** A presigned GET link, copied to the clipboard and shown, with when it stops working. */
export function LinkMaker({ target }: Props) {
  const [seconds, setSeconds] = useState(60 * 60)
  const [link, setLink] = useState<PresignedLinkValue | null>(null)
  const [error, setError] = useState<FerryErrorValue | null>(null)
  const [publicLink, setPublicLink] = useState<string | null>(null)
  const base = useStore((s) => s.connections.find((c) => c.id === target.connectionId)?.publicUrlBase ?? '')

  const copy = async () => {
    setError(null)
    const signed = await ferry.presignObject({ ...target, expiresInSeconds: seconds })
    if (!signed.ok) {
      setLink(null)
      setError(signed.error)
      return
    }
    const copied = await ferry.copyText({ text: signed.value.url })
    setLink(signed.value)
    setPublicLink(null)
    if (!copied.ok) setError(copied.error)
  }

  // No request to S3: the address is the connection's public base and the key.
  const copyPublic = async () => {
    setError(null)
    const url = publicUrl(base, target.key)
    const copied = await ferry.copyText({ text: url })
    setPublicLink(url)
    setLink(null)
    if (!copied.ok) setError(copied.error)
  }

  return (
    <section className="link-maker" aria-label="Share link">
      <div className="link-maker__row">
        <label className="link-maker__expiry">
          <span className="field__label">Link expires in</span>
          <select
            className="field__input"
            value={seconds}
            onChange={(e) => {
              setSeconds(Number(e.target.value))
              setLink(null)
            }}
          >
            {EXPIRIES.map((e) => (
              <option key={e.seconds} value={e.seconds}>
                {e.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" onClick={() => void copy()}>
          Copy link
        </button>
        {base ? (
          <button type="button" className="button" title={`${base}/…`} onClick={() => void copyPublic()}>
            Copy URL
          </button>
        ) : null}
      </div>
      {publicLink ? (
        <div className="link-maker__result">
          <label className="field">
            <span className="field__label">Public URL</span>
            <input
              className="field__input link-maker__url"
              readOnly
              value={publicLink}
              onFocus={(e) => e.target.select()}
            />
          </label>
          <p className="link-maker__note" role="status">
            <CheckIcon /> Copied. Works as long as the object is public at that address.
          </p>
        </div>
      ) : null}
      {link ? (
        <div className="link-maker__result">
          <label className="field">
            <span className="field__label">Link</span>
            <input
              className="field__input link-maker__url"
              readOnly
              value={link.url}
              onFocus={(e) => e.target.select()}
            />
          </label>
          <p className="link-maker__note" role="status">
            <CheckIcon /> Copied. Works until {formatDate(link.expiresAt)}.
          </p>
          {link.warning ? <p className="link-maker__warning">{link.warning}</p> : null}
        </div>
      ) : null}
      {error ? <ErrorNotice title="No link" error={error} onDismiss={() => setError(null)} /> : null}
    </section>
  )
}
