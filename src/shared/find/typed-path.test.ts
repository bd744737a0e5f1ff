import { describe, expect, it } from 'vitest'
import { keyMatches, parseTypedPath } from './typed-path'

describe('parseTypedPath', () => {
  it('reads s3:// paths, bucket paths and paths inside the open bucket', () => {
    expect(parseTypedPath('s3://logs/2024/05/', 'photos')).toEqual({
      bucket: 'logs',
      prefix: '2024/05/',
      name: '',
    })
    expect(parseTypedPath('s3://logs', null)).toEqual({ bucket: 'logs', prefix: '', name: '' })
    expect(parseTypedPath('2024/05/app.log', 'logs')).toEqual({
      bucket: 'logs',
      prefix: '2024/05/',
      name: 'app.log',
    })
    expect(parseTypedPath('/2024/', 'logs')).toEqual({ bucket: 'logs', prefix: '2024/', name: '' })
    expect(parseTypedPath('logs/2024/', null)).toEqual({ bucket: 'logs', prefix: '2024/', name: '' })
    expect(parseTypedPath('  s3://b/k  ', null)).toEqual({ bucket: 'b', prefix: '', name: 'k' })
  })

  it('says why a text is not a path', () => {
    expect(parseTypedPath('', 'b')).toContain('Type a path')
    expect(parseTypedPath('s3:///x', null)).toContain('names its bucket first')
    expect(parseTypedPath('a//b', 'b')).toContain('"//"')
  })
})

describe('keyMatches', () => {
  it('matches every word, ignoring case', () => {
    expect(keyMatches('Photos/2024/Beach.JPG', 'beach jpg')).toBe(true)
    expect(keyMatches('Photos/2024/Beach.JPG', 'beach png')).toBe(false)
    expect(keyMatches('a', '')).toBe(true)
  })
})
