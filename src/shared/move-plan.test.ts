import { describe, expect, it } from 'vitest'
import { moveSourceOf, planTarget, targetKey } from './move-plan'

describe('move plan', () => {
  it('keeps an object its name in a folder, and renames it to a key', () => {
    const source = moveSourceOf({ bucket: 'b', key: 'a/x.txt' })
    expect(planTarget(source, { bucket: 'b', key: 'c/' })).toEqual({ bucket: 'b', key: 'c/x.txt' })
    expect(planTarget(source, { bucket: 'o', key: '' })).toEqual({ bucket: 'o', key: 'x.txt' })
    expect(planTarget(source, { bucket: 'b', key: 'y.txt' })).toEqual({ bucket: 'b', key: 'y.txt' })
  })

  it('moves the keys of a prefix under the destination prefix', () => {
    const source = moveSourceOf({ bucket: 'b', key: 'photos/' })
    const target = planTarget(source, { bucket: 'b', key: 'pictures/' })
    expect(targetKey(source, target, 'photos/2024/cat.jpg')).toBe('pictures/2024/cat.jpg')
    expect(targetKey(source, target, 'photos/')).toBe('pictures/')
    const other = planTarget(source, { bucket: 'o', key: 'photos/' })
    expect(targetKey(source, other, 'photos/a')).toBe('photos/a')
  })

  it('refuses a folder into itself, or onto itself; a destination without "/" is a folder', () => {
    const source = moveSourceOf({ bucket: 'b', key: 'a/' })
    expect(() => planTarget(source, { bucket: 'b', key: 'a/b/' })).toThrow(/into itself/)
    expect(() => planTarget(source, { bucket: 'b', key: 'a/' })).toThrow(/already there/)
    expect(() => planTarget(moveSourceOf({ bucket: 'b', key: '' }), { bucket: 'b', key: 'x/' })).toThrow(
      /into itself/,
    )
    expect(planTarget(source, { bucket: 'b', key: 'z' })).toEqual({ bucket: 'b', key: 'z/' })
    expect(() => planTarget(source, { bucket: 'b', key: 'a/c' })).toThrow(/into itself/)
    expect(planTarget(source, { bucket: 'b', key: 'a-old/' })).toEqual({ bucket: 'b', key: 'a-old/' })
  })

  it('refuses an object onto itself', () => {
    expect(() => planTarget(moveSourceOf({ bucket: 'b', key: 'k' }), { bucket: 'b', key: 'k' })).toThrow(
      /already at that key/,
    )
  })
})
