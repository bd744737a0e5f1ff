// What fits in a row of known width: pure arithmetic over measured widths, so the toolbar and
// the breadcrumb decide the same way at every window size and zoom level.

const sum = (widths: readonly number[]) => widths.reduce((a, b) => a + b, 0)
/** Width of a row of items with `gap` between neighbours. */
export const rowWidth = (widths: readonly number[], gap: number) =>
  sum(widths) + gap * Math.max(0, widths.length - 1)

/**
 * How many of the leading items fit in `available`, in order. When not all fit, a "More"
 * button of width `more` (and its gap) must fit after those shown.
 */
export function leadingThatFit(
  widths: readonly number[],
  available: number,
  gap: number,
  more: number,
): number {
  // Sub-pixel rounding of measured widths must not push the last item out.
  const room = available + 0.5
  if (rowWidth(widths, gap) <= room) return widths.length
  let used = more
  let count = 0
  for (const width of widths) {
    if (used + gap + width > room) break
    used += gap + width
    count++
  }
  return count
}

/**
 * A path's crumbs are [first, ...middle, last]: the first (the bucket) and the last (the open
 * folder) always show. Returns how many middle crumbs hide behind the "…" crumb (of width
 * `ellipsis`), hiding the ones nearest the start first: 0 when everything fits.
 */
export function middleCrumbsToHide(widths: readonly number[], available: number, ellipsis: number): number {
  const room = available + 0.5
  if (widths.length <= 2 || sum(widths) <= room) return 0
  const middle = widths.slice(1, -1)
  let used = widths[0]! + widths.at(-1)! + ellipsis
  let shown = 0
  // Keep the crumbs nearest the open folder for as long as they fit.
  for (let i = middle.length - 1; i >= 1; i--) {
    if (used + middle[i]! > room) break
    used += middle[i]!
    shown++
  }
  return middle.length - shown
}
