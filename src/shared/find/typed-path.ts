// A location typed into the breadcrumb: "s3://bucket/a/b/", "bucket/a/b", "/a/b/" or "a/b"
// (the last two inside the open bucket). A path ending in "/" is a folder; otherwise its last
// segment names an object (or a folder written without the slash) inside its parent folder.

export interface TypedPath {
  bucket: string
  /** The folder to open: "" or ending in "/". */
  prefix: string
  /** The name after the last "/", when the path did not end in one. */
  name: string
}

/** The location, or a sentence saying why the text is not one. */
export function parseTypedPath(text: string, openBucket: string | null): TypedPath | string {
  const t = text.trim()
  if (!t) return 'Type a path, e.g. s3://bucket/folder/ or folder/sub/.'
  let bucket: string
  let rest: string
  if (/^s3:\/\//i.test(t)) {
    const body = t.slice(5)
    const slash = body.indexOf('/')
    bucket = slash < 0 ? body : body.slice(0, slash)
    rest = slash < 0 ? '' : body.slice(slash + 1)
    if (!bucket) return 'An s3:// path names its bucket first: s3://bucket/folder/.'
  } else if (t.startsWith('/') || !openBucket) {
    // "/a/b" is inside the open bucket; without one, the first segment is the bucket.
    if (t.startsWith('/') && openBucket) {
      bucket = openBucket
      rest = t.slice(1)
    } else {
      const slash = t.indexOf('/')
      bucket = slash < 0 ? t : t.slice(0, slash)
      rest = slash < 0 ? '' : t.slice(slash + 1)
    }
  } else {
    bucket = openBucket
    rest = t
  }
  if (rest.includes('//')) return 'A path has no empty folder names ("//").'
  const cut = rest.lastIndexOf('/')
  return { bucket, prefix: rest.slice(0, cut + 1), name: rest.slice(cut + 1) }
}

/** Whether a key matches a search: every word of the query appears in it, ignoring case. */
export function keyMatches(key: string, query: string): boolean {
  const k = key.toLowerCase()
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => k.includes(word))
}
