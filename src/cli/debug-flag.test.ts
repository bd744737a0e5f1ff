import { describe, expect, it } from 'vitest'
import { withoutDebugFlag } from './debug-flag'

describe('--debug', () => {
  it('is taken out wherever it stands, but not after --', () => {
    expect(withoutDebugFlag(['--debug', 'ls', 's3://b/'])).toEqual({ argv: ['ls', 's3://b/'], debug: true })
    expect(withoutDebugFlag(['ls', 's3://b/', '--debug'])).toEqual({ argv: ['ls', 's3://b/'], debug: true })
    expect(withoutDebugFlag(['ls', 's3://b/'])).toEqual({ argv: ['ls', 's3://b/'], debug: false })
    expect(withoutDebugFlag(['upload', '--', '--debug', 's3://b/'])).toEqual({
      argv: ['upload', '--', '--debug', 's3://b/'],
      debug: false,
    })
  })
})
