import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { CheckIcon } from './icons'
import './menu-button.css'

export interface MenuItem {
  key: string
  label: string
  icon?: ReactNode
  disabled?: boolean
  /** An on/off item (Pin, Show versions): a menuitemcheckbox that shows a tick when on. */
  checked?: boolean
  onSelect: () => void
}

/** The menu's items, whichever kind, for moving focus among them. */
const ITEMS = '[role="menuitem"]:not(:disabled), [role="menuitemcheckbox"]:not(:disabled)'

interface Props {
  /** The button's accessible name ("More actions", "Show hidden folders"). */
  label: string
  /** What the button shows; the label when omitted. */
  children?: ReactNode
  className?: string
  items: MenuItem[]
  /** Which edge of the button the menu lines up with. */
  align?: 'start' | 'end'
}

const GAP = 4

/**
 * A button that opens a menu of actions (the WAI-ARIA menu button). The menu is a popover in
 * the top layer, so no toolbar or overflow-hidden ancestor clips it; it closes on Escape, on a
 * click elsewhere, and after a choice, and gives focus back to its button.
 */
export function MenuButton({ label, children, className, items, align = 'start' }: Props) {
  const button = useRef<HTMLButtonElement>(null)
  const menu = useRef<HTMLDivElement>(null)
  const [open, setOpen] = useState(false)
  const [place, setPlace] = useState<{ top: number; left?: number; right?: number }>({ top: 0 })
  const id = useId()

  useEffect(() => {
    const element = menu.current
    if (!element) return
    const onToggle = (e: Event) => {
      const opened = (e as ToggleEvent).newState === 'open'
      setOpen(opened)
      if (opened) element.querySelector<HTMLElement>(ITEMS)?.focus()
      else if (element.contains(document.activeElement) || document.activeElement === document.body)
        button.current?.focus()
    }
    element.addEventListener('toggle', onToggle)
    return () => element.removeEventListener('toggle', onToggle)
  }, [])

  const show = () => {
    const rect = button.current!.getBoundingClientRect()
    const top = rect.bottom + GAP
    setPlace(align === 'end' ? { top, right: window.innerWidth - rect.right } : { top, left: rect.left })
    menu.current?.showPopover()
  }
  const hide = () => menu.current?.hidePopover()

  const onMenuKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const enabled = Array.from(menu.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])
    const at = enabled.indexOf(document.activeElement as HTMLElement)
    const focus = (i: number) => enabled[(i + enabled.length) % enabled.length]?.focus()
    if (e.key === 'ArrowDown') focus(at + 1)
    else if (e.key === 'ArrowUp') focus(at - 1)
    else if (e.key === 'Home') focus(0)
    else if (e.key === 'End') focus(enabled.length - 1)
    else if (e.key === 'Tab') hide()
    else return
    if (e.key !== 'Tab') e.preventDefault()
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        className={className ?? 'button'}
        aria-label={children ? label : undefined}
        title={children ? label : undefined}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => (open ? hide() : show())}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault()
            show()
          }
        }}
      >
        {children ?? label}
      </button>
      <div
        ref={menu}
        id={id}
        popover="auto"
        role="menu"
        aria-label={label}
        className="menu"
        style={place}
        onKeyDown={onMenuKeyDown}
      >
        {items.map((item) => (
          <button
            key={item.key}
            type="button"
            role={item.checked === undefined ? 'menuitem' : 'menuitemcheckbox'}
            aria-checked={item.checked}
            className="menu__item"
            disabled={item.disabled}
            title={item.label}
            onClick={() => {
              hide()
              item.onSelect()
            }}
          >
            {/* An empty slot keeps labels aligned when only some items have an icon. */}
            {item.checked ? <CheckIcon /> : (item.icon ?? <span className="icon" aria-hidden="true" />)}
            <span className="menu__label">{item.label}</span>
          </button>
        ))}
      </div>
    </>
  )
}
