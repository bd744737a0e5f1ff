/**
 * The items started at least `ageSeconds` before `now`. An age of 0 means all of them,
 * also those whose start time is slightly ahead of this computer's clock (the server's
 * clock decides "initiated", not ours).
 */
export function olderThan<T extends { initiated: string }>(
  items: readonly T[],
  ageSeconds: number,
  now: Date,
): T[] {
  if (ageSeconds <= 0) return [...items]
  const cutoff = now.getTime() - ageSeconds * 1000
  return items.filter((item) => {
    const started = Date.parse(item.initiated)
    // An unreadable date is never "old enough": aborting is not undoable.
    return Number.isFinite(started) && started <= cutoff
  })
}
