import { describe, expect, it } from 'vitest'
import { folderNameProblem, folderRename, movesInto } from './move-plan'

describe('moves from the object list', () => {
  it('moves rows into a folder under their own names, leaving out those already there', () => {
    expect(movesInto(['a/x.txt', 'a/sub/', 'b/y'], 'b/')).toEqual([
      { source: 'a/x.txt', target: 'b/x.txt' },
      { source: 'a/sub/', target: 'b/sub/' },
    ])
    expect(movesInto(['a/x.txt'], '')).toEqual([{ source: 'a/x.txt', target: 'x.txt' }])
  })

  it('into another bucket, moves rows from the folder of the same name too', () => {
    expect(movesInto(['b/y', 'b/sub/'], 'b/', true)).toEqual([
      { source: 'b/y', target: 'b/y' },
      { source: 'b/sub/', target: 'b/sub/' },
    ])
  })

  it('renames a folder beside itself', () => {
    expect(folderRename('a/b/', 'c')).toEqual({ source: 'a/b/', target: 'a/c/' })
    expect(folderRename('top/', 'new')).toEqual({ source: 'top/', target: 'new/' })
    expect(folderNameProblem('x/y')).toMatch(/cannot contain/)
    expect(folderNameProblem('ok')).toBeUndefined()
  })
})
