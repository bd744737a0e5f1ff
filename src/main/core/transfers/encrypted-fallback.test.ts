import { describe, expect, it } from 'vitest'
import { FerryError } from '../../../shared/errors'
import { EncryptedCopyRefused } from '../../s3/copy-guard'
import { withEncryptedFallback } from './encrypted-fallback'
import type { CopyDone, ObjectCopier } from './move-object'

const a = { bucket: 'b', key: 'a' }
const z = { bucket: 'b', key: 'z' }
const done = (how: string): CopyDone => ({ etag: 'e', proof: { ok: true, how } })
const refused = new EncryptedCopyRefused({ code: 'not-supported', message: 'encrypted', fix: 'stream it' })

describe('withEncryptedFallback', () => {
  it('streams only what the store refused as encrypted, making the stream once', async () => {
    let made = 0
    const seen: string[] = []
    const serverSide: ObjectCopier = async (source) => {
      if (source.key === 'a') throw refused
      return done('server-side')
    }
    const copier = withEncryptedFallback(serverSide, () => {
      made++
      return async (source) => {
        seen.push(source.key)
        return done('streamed')
      }
    })
    expect((await copier(z, 'e', a)).proof).toEqual({ ok: true, how: 'server-side' })
    expect(made).toBe(0)
    expect((await copier(a, 'e', z)).proof).toEqual({ ok: true, how: 'streamed' })
    expect((await copier(a, 'e', z)).proof).toEqual({ ok: true, how: 'streamed' })
    expect(made).toBe(1)
    expect(seen).toEqual(['a', 'a'])
  })

  it('passes any other failure on, the stream untouched', async () => {
    const other = new FerryError({ code: 'not-supported', message: 'something else', fix: 'x' })
    const copier = withEncryptedFallback(
      async () => {
        throw other
      },
      () => {
        throw new Error('the stream must not be made')
      },
    )
    await expect(copier(a, 'e', z)).rejects.toBe(other)
  })
})
