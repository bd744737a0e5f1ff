// The inspector's width and the transfers panel's height, and whether each is collapsed:
// kept in this window's localStorage (view state, like the last upload's metadata), so the
// next start shows the panels as they were left. A stored value that no longer parses, or
// lies outside the limits, falls back to the default.

export interface PanelLimits {
  min: number
  max: number
  initial: number
}

/** Pixels. The maxima are soft: the CSS also caps each panel to a share of the window. */
export const INSPECTOR_WIDTH: PanelLimits = { min: 240, max: 640, initial: 320 }
export const TRANSFERS_HEIGHT: PanelLimits = { min: 120, max: 560, initial: 236 }

export interface PanelSizes {
  inspectorWidth: number
  inspectorCollapsed: boolean
  transfersHeight: number
  transfersCollapsed: boolean
}

export const DEFAULT_PANEL_SIZES: PanelSizes = {
  inspectorWidth: INSPECTOR_WIDTH.initial,
  inspectorCollapsed: false,
  transfersHeight: TRANSFERS_HEIGHT.initial,
  transfersCollapsed: false,
}

const STORAGE_KEY = 'ferry.panelSizes.v1'

export const clampSize = (value: number, { min, max }: PanelLimits): number =>
  Math.round(Math.min(max, Math.max(min, value)))

/** Reads stored sizes; anything missing or malformed takes its default. */
export function parsePanelSizes(text: string | null): PanelSizes {
  let stored: Partial<Record<keyof PanelSizes, unknown>> = {}
  try {
    const parsed: unknown = JSON.parse(text ?? '{}')
    if (parsed && typeof parsed === 'object') stored = parsed
  } catch {
    // A damaged entry: the defaults.
  }
  const size = (value: unknown, limits: PanelLimits) =>
    typeof value === 'number' && Number.isFinite(value) ? clampSize(value, limits) : limits.initial
  return {
    inspectorWidth: size(stored.inspectorWidth, INSPECTOR_WIDTH),
    inspectorCollapsed: stored.inspectorCollapsed === true,
    transfersHeight: size(stored.transfersHeight, TRANSFERS_HEIGHT),
    transfersCollapsed: stored.transfersCollapsed === true,
  }
}

export function loadPanelSizes(): PanelSizes {
  try {
    return parsePanelSizes(localStorage.getItem(STORAGE_KEY))
  } catch {
    return DEFAULT_PANEL_SIZES
  }
}

export function savePanelSizes(sizes: PanelSizes): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(sizes))
  } catch {
    // Storage full or disabled: the panels start at their defaults next time.
  }
}
