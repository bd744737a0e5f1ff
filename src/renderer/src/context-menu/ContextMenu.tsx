import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react'
import { acceleratorLabel } from '../../../shared/accelerators'
import { isMac } from '../commands/shortcuts'
import type { MenuItem } from './menu-items'

interface Props<A extends string> {
  label: string
  items: MenuItem<A>[]
  x: number
  y: number
  onPick: (action: A) => void
  onClose: () => void
}

/**
 * An in-page menu at the pointer (or the focused row): arrows move, Enter picks, Escape and a
 * click elsewhere close it, and focus goes back where it was. Disabled items stay listed, so
 * the menu has the same shape whatever was clicked.
 */
export function ContextMenu<A extends string>({ label, items, x, y, onPick, onClose }: Props<A>) {
  const menu = useRef<HTMLDivElement>(null)
  const [place, setPlace] = useState({ left: x, top: y })

  // Keep the whole menu on screen: open leftwards or upwards near the window's edges.
  useLayoutEffect(() => {
    const box = menu.current?.getBoundingClientRect()
    if (!box) return
    setPlace({
      left: Math.max(4, Math.min(x, window.innerWidth - box.width - 4)),
      top: Math.max(4, Math.min(y, window.innerHeight - box.height - 4)),
    })
  }, [x, y])

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus()
    const away = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) onClose()
    }
    document.addEventListener('pointerdown', away, true)
    window.addEventListener('blur', onClose)
    return () => {
      document.removeEventListener('pointerdown', away, true)
      window.removeEventListener('blur', onClose)
      before?.focus({ preventScroll: true })
    }
  }, [onClose])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const all = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])]
    const enabled = all.filter((e) => e.getAttribute('aria-disabled') !== 'true')
    const at = enabled.indexOf(document.activeElement as HTMLElement)
    const move = (to: number) => enabled[(to + enabled.length) % enabled.length]?.focus()
    switch (event.key) {
      case 'ArrowDown':
        move(at + 1)
        break
      case 'ArrowUp':
        move(at - 1)
        break
      case 'Home':
        move(0)
        break
      case 'End':
        move(enabled.length - 1)
        break
      case 'Escape':
      case 'Tab':
        onClose()
        break
      default:
        return
    }
    event.preventDefault()
    event.stopPropagation()
  }

  return (
    <div
      ref={menu}
      role="menu"
      aria-label={label}
      className="context-menu"
      style={{ left: place.left, top: place.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item) => (
        <button
          key={item.action}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="context-menu__item"
          aria-disabled={item.enabled ? undefined : true}
          onClick={() => {
            if (!item.enabled) return
            onClose()
            onPick(item.action)
          }}
        >
          <span>{item.label}</span>
          {item.shortcut ? (
            <kbd className="context-menu__shortcut">{acceleratorLabel(item.shortcut, isMac)}</kbd>
          ) : null}
        </button>
      ))}
    </div>
  )
}
