import { describe, expect, it } from 'vitest'
import { listKeyAction, parentPrefix } from './list-keys'

const key = (k: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
})
const ids = ['docs/', 'photos/', 'a.txt', 'b.txt', 'c.txt']

describe('listKeyAction', () => {
  it('moves within the rows, starting at the first when nothing is selected', () => {
    expect(listKeyAction(key('ArrowDown'), ids, -1, 10)).toEqual({ kind: 'move', index: 0, extend: false })
    expect(listKeyAction(key('ArrowDown'), ids, 2, 10)).toEqual({ kind: 'move', index: 3, extend: false })
    expect(listKeyAction(key('ArrowDown'), ids, 4, 10)).toMatchObject({ index: 4 })
    expect(listKeyAction(key('ArrowUp'), ids, 0, 10)).toMatchObject({ index: 0 })
    expect(listKeyAction(key('ArrowUp', { shiftKey: true }), ids, 3, 10)).toEqual({
      kind: 'move',
      index: 2,
      extend: true,
    })
    expect(listKeyAction(key('PageDown'), ids, 1, 2)).toMatchObject({ index: 3 })
    expect(listKeyAction(key('End'), ids, 1, 2)).toMatchObject({ index: 4 })
    expect(listKeyAction(key('Home'), ids, 3, 2)).toMatchObject({ index: 0 })
    expect(listKeyAction(key('ArrowDown'), [], -1, 10)).toBeNull()
  })

  it('opens folders with Enter, goes up with Backspace, asks to delete with Delete', () => {
    expect(listKeyAction(key('Enter'), ids, 1, 10)).toEqual({ kind: 'open', prefix: 'photos/' })
    expect(listKeyAction(key('Enter'), ids, 2, 10)).toBeNull()
    expect(listKeyAction(key('Backspace'), ids, -1, 10)).toEqual({ kind: 'up' })
    expect(listKeyAction(key('Delete'), ids, 2, 10)).toEqual({ kind: 'delete' })
    expect(listKeyAction(key('Delete'), ids, -1, 10)).toBeNull()
    expect(listKeyAction(key('a', { ctrlKey: true }), ids, -1, 10)).toEqual({ kind: 'select-all' })
    expect(listKeyAction(key('a'), ids, -1, 10)).toBeNull()
  })

  it('cuts the selection with Ctrl/Cmd+X and pastes it with Ctrl/Cmd+V', () => {
    expect(listKeyAction(key('x', { ctrlKey: true }), ids, 1, 10)).toEqual({ kind: 'cut' })
    expect(listKeyAction(key('x', { metaKey: true }), ids, -1, 10)).toBeNull()
    expect(listKeyAction(key('x'), ids, 1, 10)).toBeNull()
    expect(listKeyAction(key('v', { metaKey: true }), ids, -1, 10)).toEqual({ kind: 'paste' })
  })
})

describe('parentPrefix', () => {
  it('drops the last folder', () => {
    expect(parentPrefix('a/b/')).toBe('a/')
    expect(parentPrefix('a/')).toBe('')
    expect(parentPrefix('')).toBe('')
  })
})
