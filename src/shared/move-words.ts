// How a move or copy is said on screen: what it moves ("photos/ → archive/photos/", "3 items →
// other-bucket/x/") and how far it got ("40 of 200 objects"). Pure, so main's labels, the
// notifications and the transfers panel say it the same way.
import type { SetProgress } from './domain/transfer'
import type { MoveSource, MoveTarget } from './move-plan'
import { grouped, plural } from './plural'

export interface SetEnds {
  source: MoveSource
  target: MoveTarget
}

const sourceKey = (s: MoveSource) => (s.kind === 'prefix' ? s.prefix : s.key)

/** A key as shown: itself, or the bucket's name for its root. */
const named = (bucket: string, key: string) => (key === '' ? `${bucket}/` : key)

/** The destination, with its bucket named when it is another bucket or connection. */
function whereTo(source: MoveSource, target: MoveTarget, elsewhere: boolean): string {
  if (target.bucket === source.bucket && !elsewhere) return named(target.bucket, target.key)
  return `${target.bucket}/${target.key}`
}

/**
 * One set: "photos/ → archive/photos/"; the bucket is named when it goes to another one (or
 * `elsewhere`: another connection). `arrow` is " to " in sentences.
 */
export function setWords(set: SetEnds, options: { arrow?: string; elsewhere?: boolean } = {}): string {
  const arrow = options.arrow ?? ' → '
  const from = named(set.source.bucket, sourceKey(set.source))
  return `${from}${arrow}${whereTo(set.source, set.target, options.elsewhere === true)}`
}

/**
 * What one request of the window moves: its one set's words, or "3 items → other-bucket/x/"
 * (the folder they all went into).
 */
export function requestWords(sets: readonly SetEnds[], elsewhere = false): string {
  const first = sets[0]
  if (!first) return ''
  if (sets.length === 1) return setWords(first, { elsewhere })
  const target = first.target
  // A prefix lands under its own name inside the folder; an object at its key in it.
  const folder =
    first.source.kind === 'prefix'
      ? target.key.slice(0, target.key.replace(/\/$/, '').lastIndexOf('/') + 1)
      : target.key.slice(0, target.key.lastIndexOf('/') + 1)
  return `${grouped(sets.length)} items → ${whereTo(first.source, { bucket: target.bucket, key: folder }, elsewhere)}`
}

/**
 * How far a set got, in objects: "40 of 200 objects", "40 of 1,000+ objects" while the listing
 * has not found them all, "40 objects moved so far" when only the journal is known (found at
 * start, not run yet), then what was skipped and failed.
 */
export function setCounts(p: SetProgress, op: 'move' | 'copy'): string {
  const done = grouped(p.objectsDone)
  let counted: string
  if (p.listed) counted = `${done} of ${plural(p.objectsTotal, 'object')}`
  else if (p.objectsTotal > p.objectsDone) counted = `${done} of ${grouped(p.objectsTotal)}+ objects`
  else counted = `${plural(p.objectsDone, 'object')} ${op === 'move' ? 'moved' : 'copied'} so far`
  const more = [
    ...(p.skipped > 0 ? [`${grouped(p.skipped)} skipped`] : []),
    ...(p.failed > 0 ? [`${grouped(p.failed)} failed`] : []),
  ]
  return more.length > 0 ? `${counted}, ${more.join(', ')}` : counted
}
