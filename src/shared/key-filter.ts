// `--exclude` and `--include` for downloads and sync, over paths relative to the prefix or
// folder being copied. Each pattern reads as `ferry upload --exclude` reads it (.gitignore
// style, exclude-patterns.ts). The rules apply in the order given and the last one that
// matches decides, as aws-cli's filters do, so `--exclude "*" --include "*.jpg"` keeps only
// JPEGs. When every rule is an --include, a path none of them matches is left out, as in
// rclone: `--include "*.jpg"` alone means "only JPEGs", not "everything".
// A listing is flat (keys, not folders), so a rule that names a folder ("node_modules",
// "build/") must match a key's parent folders as well as the key itself: the upload walk gets
// that for free by not entering an excluded folder.
import { patternMatcher } from './exclude-patterns'

export interface FilterRule {
  kind: 'include' | 'exclude'
  pattern: string
}

/** True when a path (relative, with / between names) is kept. */
export type KeyFilter = (relativePath: string) => boolean

const keepAll: KeyFilter = () => true

/** The path itself and each folder above it: "a/b/c" gives "a", "a/b", "a/b/c". */
function selfAndParents(path: string): string[] {
  const out: string[] = []
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    if (i > 0) out.push(path.slice(0, i))
  }
  out.push(path)
  return out
}

/** Throws a bad-input FerryError naming the flag when a pattern is empty. */
export function keyFilter(rules: readonly FilterRule[]): KeyFilter {
  if (rules.length === 0) return keepAll
  const matchers = rules.map((rule) => ({
    include: rule.kind === 'include',
    matches: patternMatcher([rule.pattern], `--${rule.kind}`),
  }))
  const onlyIncludes = matchers.every((m) => m.include)
  return (relativePath) => {
    const paths = selfAndParents(relativePath)
    for (let i = matchers.length - 1; i >= 0; i--) {
      const rule = matchers[i]!
      if (paths.some((p) => rule.matches(p))) return rule.include
    }
    return !onlyIncludes
  }
}

/** Rules from the two options' lists when their order on the command line is lost: excludes first. */
export function filterRules(exclude: readonly string[] = [], include: readonly string[] = []): FilterRule[] {
  return [
    ...exclude.map((pattern) => ({ kind: 'exclude' as const, pattern })),
    ...include.map((pattern) => ({ kind: 'include' as const, pattern })),
  ]
}
