import { describe, expect, it } from 'vitest'
import {
  DEFAULT_PANEL_SIZES,
  INSPECTOR_WIDTH,
  TRANSFERS_HEIGHT,
  clampSize,
  parsePanelSizes,
} from './panel-sizes'

describe('panel sizes', () => {
  it('reads what was stored', () => {
    const stored = {
      inspectorWidth: 400,
      inspectorCollapsed: true,
      transfersHeight: 300,
      transfersCollapsed: false,
    }
    expect(parsePanelSizes(JSON.stringify(stored))).toEqual(stored)
  })

  it('falls back to the defaults for nothing, damage or wrong types', () => {
    expect(parsePanelSizes(null)).toEqual(DEFAULT_PANEL_SIZES)
    expect(parsePanelSizes('{not json')).toEqual(DEFAULT_PANEL_SIZES)
    expect(parsePanelSizes('[1,2]')).toEqual(DEFAULT_PANEL_SIZES)
    expect(parsePanelSizes(JSON.stringify({ inspectorWidth: 'wide', transfersCollapsed: 'yes' }))).toEqual(
      DEFAULT_PANEL_SIZES,
    )
  })

  it('keeps stored sizes within the limits', () => {
    const parsed = parsePanelSizes(JSON.stringify({ inspectorWidth: 5, transfersHeight: 99_999 }))
    expect(parsed.inspectorWidth).toBe(INSPECTOR_WIDTH.min)
    expect(parsed.transfersHeight).toBe(TRANSFERS_HEIGHT.max)
    expect(clampSize(300.6, INSPECTOR_WIDTH)).toBe(301)
  })
})
