import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import { BucketIcon, ChevronIcon } from '../common/icons'

/** The bucket, then one crumb per folder of the open prefix; each crumb opens its folder. */
export function Breadcrumb() {
  const { bucket, prefix, openPrefix } = useStore(
    useShallow((s) => ({ bucket: s.bucket, prefix: s.prefix, openPrefix: s.openPrefix })),
  )
  if (!bucket) return <div className="breadcrumb" />
  const segments = prefix.split('/').filter(Boolean)
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <ol>
        <li>
          <button
            type="button"
            className="breadcrumb__crumb"
            aria-current={segments.length === 0 ? 'page' : undefined}
            onClick={() => openPrefix('')}
          >
            <BucketIcon />
            {bucket}
          </button>
        </li>
        {segments.map((segment, i) => {
          const target = segments.slice(0, i + 1).join('/') + '/'
          const last = i === segments.length - 1
          return (
            <li key={target}>
              <ChevronIcon className="breadcrumb__separator" />
              <button
                type="button"
                className="breadcrumb__crumb"
                aria-current={last ? 'page' : undefined}
                onClick={() => openPrefix(target)}
              >
                {segment}
              </button>
            </li>
          )
        })}
      </ol>
    </nav>
  )
}
