import { describe, expect, it } from 'vitest'
import type { FerryError } from './errors'
import { excludeMatcher } from './exclude-patterns'

describe('excludeMatcher: --exclude read as .gitignore reads a line', () => {
  const left = (patterns: string[], paths: string[]) => {
    const excluded = excludeMatcher(patterns)
    return paths.filter((p) => excluded(p))
  }

  it('matches a pattern without a slash against the name at any depth, dot files included', () => {
    expect(
      left(
        ['*.tmp', '.DS_Store', 'node_modules'],
        [
          'a.tmp',
          'x/y/b.tmp',
          'keep.txt',
          '.DS_Store',
          'photos/.DS_Store',
          'node_modules',
          'web/node_modules',
          'web/node_modules.txt',
        ],
      ),
    ).toEqual(['a.tmp', 'x/y/b.tmp', '.DS_Store', 'photos/.DS_Store', 'node_modules', 'web/node_modules'])
  })

  it('anchors a pattern with a slash at the uploaded folder', () => {
    expect(
      left(
        ['build/**', '/cache', 'docs/*.pdf'],
        ['build', 'build/x/y.js', 'src/build/y.js', 'cache', 'sub/cache', 'docs/a.pdf', 'docs/old/a.pdf'],
      ),
    ).toEqual(['build', 'build/x/y.js', 'cache', 'docs/a.pdf'])
  })

  it('takes a trailing slash as a folder name, and leaves everything in with no pattern', () => {
    expect(left(['dist/'], ['dist', 'app/dist', 'dist.txt'])).toEqual(['dist', 'app/dist'])
    expect(left([], ['a', '.b', 'c/d'])).toEqual([])
  })

  it('refuses an empty pattern with a fix', () => {
    expect(() => excludeMatcher(['  '])).toThrow(/--exclude " {2}" is not a pattern/)
    let error: unknown
    try {
      excludeMatcher(['/'])
    } catch (e) {
      error = e
    }
    expect((error as FerryError).toValue()).toMatchObject({
      code: 'bad-input',
      fix: expect.stringMatching(/"\*\.tmp"/),
    })
  })
})
