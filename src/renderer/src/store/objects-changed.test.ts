import { describe, expect, it } from 'vitest'
import { showsAny } from './objects-changed'

const place = (prefix: string, bucket = 'b', connectionId = 'c1') => ({ connectionId, bucket, prefix })

describe('showsAny', () => {
  it('is true for the folder itself, a folder inside it, and a folder holding it', () => {
    expect(showsAny(place('archive/'), [place('photos/'), place('archive/photos/')])).toBe(true)
    expect(showsAny(place(''), [place('photos/')])).toBe(true)
    expect(showsAny(place('photos/2024/'), [place('photos/')])).toBe(true)
  })

  it('is false for another folder, bucket or connection', () => {
    expect(showsAny(place('docs/'), [place('photos/'), place('archive/photos/')])).toBe(false)
    expect(showsAny(place(''), [place('', 'other')])).toBe(false)
    expect(showsAny(place(''), [place('', 'b', 'c2')])).toBe(false)
  })
})
