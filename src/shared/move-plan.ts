// Where each object of a move (or a copy of a prefix) lands, and the moves refused before any
// request: a folder into itself, an object onto itself. Pure, so the CLI, the app and the
// journaled run all map keys the same way.
import { badInput } from './errors'
import type { S3Location } from './s3-url'

/** What a move or a copy acts on: one object, or every key under a prefix ending in "/". */
export type MoveSource =
  { kind: 'object'; bucket: string; key: string } | { kind: 'prefix'; bucket: string; prefix: string }

export interface MoveTarget {
  bucket: string
  /** For an object: its new key. For a prefix: the prefix its keys move under ("" for the bucket's root). */
  key: string
}

export const isFolderKey = (key: string): boolean => key === '' || key.endsWith('/')

const url = (bucket: string, key: string) => `s3://${bucket}/${key}`

/** The last segment of a key or prefix, without its trailing "/". */
export function baseName(key: string): string {
  return key.replace(/\/+$/, '').split('/').pop() ?? ''
}

/**
 * A source object into a folder (a destination ending in "/", or a bucket's root) keeps its
 * name, as mv and cp do; a prefix's keys move under the destination prefix.
 */
export function planTarget(source: MoveSource, destination: S3Location): MoveTarget {
  if (source.kind === 'object') {
    const key = isFolderKey(destination.key) ? destination.key + baseName(source.key) : destination.key
    if (source.bucket === destination.bucket && source.key === key)
      throw badInput(
        `${url(source.bucket, source.key)} is already at that key`,
        'Give a different destination key or bucket.',
      )
    return { bucket: destination.bucket, key }
  }
  // "s3://b/pictures" for a folder means the folder pictures/, as aws s3 mv --recursive reads it.
  const prefix = isFolderKey(destination.key) ? destination.key : `${destination.key}/`
  if (source.bucket === destination.bucket && prefix.startsWith(source.prefix)) {
    const same = prefix === source.prefix
    throw badInput(
      same
        ? `${url(source.bucket, source.prefix)} is already there`
        : `cannot move ${url(source.bucket, source.prefix)} into itself (${url(destination.bucket, prefix)} is inside it)`,
      'Choose a destination outside the folder, e.g. a sibling folder or another bucket.',
    )
  }
  return { bucket: destination.bucket, key: prefix }
}

/** The key a source key lands at. */
export function targetKey(source: MoveSource, target: MoveTarget, key: string): string {
  return source.kind === 'object' ? target.key : target.key + key.slice(source.prefix.length)
}

/** Reads a source location: a key ending in "/" (or a bucket's root) is a prefix. */
export function moveSourceOf(location: S3Location): MoveSource {
  return isFolderKey(location.key)
    ? { kind: 'prefix', bucket: location.bucket, prefix: location.key }
    : { kind: 'object', bucket: location.bucket, key: location.key }
}
