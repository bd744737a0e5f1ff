// `--exclude PATTERN` for folder uploads, read as .gitignore reads a line: a pattern without
// a slash matches a file or folder name at any depth ("*.tmp", "node_modules", ".DS_Store"),
// one with a slash matches the path from the uploaded folder down ("build/**", "docs/*.pdf").
// picomatch's own `basename` option cannot do both: it also turns "build/**" into a name
// pattern that never matches, so the two kinds get a matcher each.
import picomatch from 'picomatch'
import { badInput } from './errors'

/** True when a path (relative to the uploaded folder, with / between names) is left out. */
export type ExcludeMatcher = (relativePath: string) => boolean

const never: ExcludeMatcher = () => false

export function excludeMatcher(patterns: readonly string[]): ExcludeMatcher {
  return patternMatcher(patterns, '--exclude')
}

/** The same reading for any option that takes such patterns; `flag` names it in the error. */
export function patternMatcher(patterns: readonly string[], flag: string): ExcludeMatcher {
  if (patterns.length === 0) return never
  const names: string[] = []
  const paths: string[] = []
  for (const raw of patterns) {
    // A trailing slash says "a folder" in .gitignore; a folder left out takes its files with it.
    const trimmed = raw.trim().replace(/\/+$/, '')
    const pattern = trimmed.replace(/^\/+/, '')
    if (!pattern)
      throw badInput(`${flag} "${raw}" is not a pattern`, 'Give a pattern such as "*.tmp" or "build/**".')
    // A slash anywhere but at the end, a leading one included ("/build"), anchors it.
    ;(trimmed.includes('/') ? paths : names).push(pattern)
  }
  const matchName = names.length > 0 ? picomatch(names, { dot: true }) : never
  const matchPath = paths.length > 0 ? picomatch(paths, { dot: true }) : never
  return (relativePath) =>
    matchName(relativePath.slice(relativePath.lastIndexOf('/') + 1)) || matchPath(relativePath)
}
