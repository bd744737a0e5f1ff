import type { ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../store/store'
import { BucketIcon, ChevronIcon } from '../common/icons'
import { useRowDrop } from './row-drag'

/** A crumb opens its folder on a click, and takes rows dropped on it. */
function Crumb({ folder, current, children }: { folder: string; current: boolean; children: ReactNode }) {
  const openPrefix = useStore((s) => s.openPrefix)
  const drop = useRowDrop(folder, { files: true })
  return (
    <button
      type="button"
      className={drop.over ? 'breadcrumb__crumb is-move-target' : 'breadcrumb__crumb'}
      aria-current={current ? 'page' : undefined}
      data-crumb-prefix={folder}
      onClick={() => openPrefix(folder)}
      {...drop.handlers}
    >
      {children}
    </button>
  )
}

/** The bucket, then one crumb per folder of the open prefix; each crumb opens its folder. */
export function Breadcrumb() {
  const { bucket, prefix } = useStore(useShallow((s) => ({ bucket: s.bucket, prefix: s.prefix })))
  if (!bucket) return <div className="breadcrumb" />
  const segments = prefix.split('/').filter(Boolean)
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <ol>
        <li>
          <Crumb folder="" current={segments.length === 0}>
            <BucketIcon />
            {bucket}
          </Crumb>
        </li>
        {segments.map((segment, i) => {
          const target = segments.slice(0, i + 1).join('/') + '/'
          const last = i === segments.length - 1
          return (
            <li key={target}>
              <ChevronIcon className="breadcrumb__separator" />
              <Crumb folder={target} current={last}>
                {segment}
              </Crumb>
            </li>
          )
        })}
      </ol>
    </nav>
  )
}
