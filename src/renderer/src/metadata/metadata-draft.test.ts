import { describe, expect, it } from 'vitest'
import { checkDraft, draftHeaders, emptyDraft, newRow, type MetadataDraft } from './metadata-draft'

const draft = (patch: Partial<MetadataDraft>): MetadataDraft => ({ ...emptyDraft(), ...patch })

describe('checkDraft', () => {
  it('accepts non-ASCII values and counts their encoded bytes', () => {
    const check = checkDraft(draft({ rows: [newRow('author', 'Zoë')] }))
    expect(check.valid).toBe(true)
    // "author" (6) + "=?UTF-8?B?Wm/Dqw==?=" (20).
    expect(check.bytes).toBe(26)
  })

  it('names bad keys, duplicates and nameless values; ignores blank rows', () => {
    const bad = newRow('has space', 'x')
    const first = newRow('Owner', 'a')
    const twice = newRow('owner', 'b')
    const nameless = newRow('', 'value')
    const check = checkDraft(draft({ rows: [bad, first, twice, nameless, newRow()] }))
    expect(check.valid).toBe(false)
    expect(check.rowProblems.get(bad.id)).toMatch(/not allowed in a header name/)
    expect(check.rowProblems.has(first.id)).toBe(false)
    expect(check.rowProblems.get(twice.id)).toMatch(/appears twice/)
    expect(check.rowProblems.get(nameless.id)).toBe('Give this entry a name.')
    expect(check.rowProblems.size).toBe(3)
  })

  it('refuses more than 2 KB of metadata', () => {
    const check = checkDraft(draft({ rows: [newRow('big', 'x'.repeat(2046))] }))
    expect(check.bytes).toBe(2049)
    expect(check.overLimit).toBe(true)
    expect(check.valid).toBe(false)
  })

  it('refuses non-ASCII system headers with the way to write them', () => {
    const check = checkDraft(draft({ contentDisposition: 'attachment; filename="naïve.txt"' }))
    expect(check.headerProblems.contentDisposition).toMatch(/filename\*=UTF-8''/)
    expect(check.valid).toBe(false)
  })
})

describe('draftHeaders', () => {
  it('leaves blank headers out so Content-Type is guessed per file', () => {
    expect(draftHeaders(draft({ cacheControl: ' max-age=60 ', rows: [newRow(' team ', 'ops')] }))).toEqual({
      cacheControl: 'max-age=60',
      metadata: { team: 'ops' },
    })
  })
})
