import { describe, expect, it } from 'vitest'
import { publicUrl } from './public-url'

describe('publicUrl', () => {
  it('joins the base and the key, keeping folders and encoding each name', () => {
    expect(publicUrl('https://cdn.example.com/downloads', 'site/index.html')).toBe(
      'https://cdn.example.com/downloads/site/index.html',
    )
    expect(publicUrl('https://cdn.example.com/', 'a b/Zürich #1?.txt')).toBe(
      'https://cdn.example.com/a%20b/Z%C3%BCrich%20%231%3F.txt',
    )
  })
})
