import type { MouseEvent } from 'react'
import type { SelectMode } from '../../store/view-slice'

/** Shift extends a range, Ctrl (Cmd on macOS) adds or removes one row, a plain click picks one. */
export const selectModeOf = (event: MouseEvent): SelectMode =>
  event.shiftKey ? 'range' : event.metaKey || event.ctrlKey ? 'toggle' : 'single'
