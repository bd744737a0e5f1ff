import { ChevronIcon } from './icons'

interface Props {
  /** What it shows or hides: "inspector", "transfers". */
  panel: string
  expanded: boolean
  /** Turns the chevron: it points where the panel goes when hidden. */
  chevronClass?: string | undefined
  onToggle: (expanded: boolean) => void
}

/** The button that collapses a panel, or brings it back. */
export function PanelToggle({ panel, expanded, chevronClass, onToggle }: Props) {
  const label = `${expanded ? 'Hide' : 'Show'} ${panel}`
  return (
    <button
      type="button"
      className="icon-button"
      aria-expanded={expanded}
      aria-label={label}
      title={label}
      onClick={() => onToggle(!expanded)}
    >
      {chevronClass ? <ChevronIcon className={chevronClass} /> : <ChevronIcon />}
    </button>
  )
}
