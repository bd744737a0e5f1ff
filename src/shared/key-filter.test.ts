import { describe, expect, it } from 'vitest'
import type { FerryError } from './errors'
import { filterRules, keyFilter, type FilterRule } from './key-filter'

const kept = (rules: FilterRule[], paths: string[]) => paths.filter(keyFilter(rules))
const exclude = (pattern: string): FilterRule => ({ kind: 'exclude', pattern })
const include = (pattern: string): FilterRule => ({ kind: 'include', pattern })

const tree = [
  'a.jpg',
  'a.tmp',
  'photos/b.jpg',
  'photos/c.png',
  'web/node_modules/x/README.md',
  'build/out.js',
]

describe('keyFilter: --exclude and --include over a flat listing', () => {
  it('keeps everything without rules', () => {
    expect(kept([], tree)).toEqual(tree)
  })

  it('leaves out what an --exclude matches, by name at any depth or by anchored path', () => {
    expect(kept([exclude('*.tmp'), exclude('build/**')], tree)).toEqual([
      'a.jpg',
      'photos/b.jpg',
      'photos/c.png',
      'web/node_modules/x/README.md',
    ])
  })

  it('takes a folder name as every key beneath it, which a flat listing never lists', () => {
    expect(kept([exclude('node_modules')], tree)).not.toContain('web/node_modules/x/README.md')
    expect(kept([exclude('photos/')], tree)).toEqual([
      'a.jpg',
      'a.tmp',
      'web/node_modules/x/README.md',
      'build/out.js',
    ])
  })

  it('reads --include alone as "only these", as rclone does', () => {
    expect(kept([include('*.jpg')], tree)).toEqual(['a.jpg', 'photos/b.jpg'])
    expect(kept([include('photos')], tree)).toEqual(['photos/b.jpg', 'photos/c.png'])
  })

  it('lets the last matching rule decide, as aws-cli does', () => {
    expect(kept([exclude('*'), include('*.jpg')], tree)).toEqual(['a.jpg', 'photos/b.jpg'])
    expect(kept([include('*.jpg'), exclude('photos/**')], tree)).toEqual([
      'a.jpg',
      'a.tmp',
      'web/node_modules/x/README.md',
      'build/out.js',
    ])
    expect(kept([exclude('node_modules'), include('*.md')], tree)).toContain('web/node_modules/x/README.md')
  })

  it('orders rules from separate option lists excludes first, so an include can take back', () => {
    expect(filterRules(['*.tmp'], ['keep.tmp'])).toEqual([exclude('*.tmp'), include('keep.tmp')])
    expect(kept(filterRules(['*.tmp'], ['keep.tmp']), ['x.tmp', 'keep.tmp', 'y'])).toEqual(['keep.tmp', 'y'])
  })

  it('refuses an empty pattern naming the option it came with', () => {
    let error: unknown
    try {
      keyFilter([include(' ')])
    } catch (e) {
      error = e
    }
    expect((error as FerryError).toValue()).toMatchObject({
      code: 'bad-input',
      message: '--include " " is not a pattern',
    })
  })
})
