import { describe, expect, it } from 'vitest'
import { leadingThatFit, middleCrumbsToHide, rowWidth } from './fit'

describe('leadingThatFit', () => {
  it('shows everything when the whole row fits, with no room kept for More', () => {
    expect(leadingThatFit([100, 100, 100], 320, 10, 40)).toBe(3)
  })
  it('keeps room for the More button once anything overflows', () => {
    // 100 + 10 + 100 = 210; with More: 40 + 10 + 100 + 10 + 100 = 260 <= 300, a third would be 370.
    expect(leadingThatFit([100, 100, 100], 300, 10, 40)).toBe(2)
    expect(leadingThatFit([100, 100, 100], 200, 10, 40)).toBe(1)
    expect(leadingThatFit([100, 100, 100], 100, 10, 40)).toBe(0)
  })
  it('does not drop an item for sub-pixel rounding', () => {
    expect(leadingThatFit([100.3, 100.3], 210.4, 10, 40)).toBe(2)
  })
  it('measures rows with gaps between items only', () => {
    expect(rowWidth([], 10)).toBe(0)
    expect(rowWidth([5, 5, 5], 10)).toBe(35)
  })
})

describe('middleCrumbsToHide', () => {
  it('hides nothing when the path fits, or when there is no middle', () => {
    expect(middleCrumbsToHide([80, 60, 60, 90], 300, 30)).toBe(0)
    expect(middleCrumbsToHide([200, 200], 100, 30)).toBe(0)
    expect(middleCrumbsToHide([200], 100, 30)).toBe(0)
  })
  it('hides from the start, keeping the crumbs nearest the open folder', () => {
    // bucket 80 + … 30 + last 90 = 200; room for one middle crumb of 60, not two.
    expect(middleCrumbsToHide([80, 60, 60, 60, 90], 270, 30)).toBe(2)
    expect(middleCrumbsToHide([80, 60, 60, 60, 90], 330, 30)).toBe(1)
  })
  it('hides every middle crumb when only the ends fit', () => {
    expect(middleCrumbsToHide([80, 60, 60, 90], 150, 30)).toBe(2)
  })
  it('always hides at least one once the path overflows (the … crumb stands for it)', () => {
    // Everything is 330; with … and all but one middle crumb: 80+30+90+60+60 = 320 fits.
    expect(middleCrumbsToHide([80, 60, 60, 60, 90], 325, 30)).toBe(1)
  })
})
