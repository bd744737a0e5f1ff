import { describe, expect, it } from 'vitest'
import {
  cannedAclOf,
  checkCustomerKeyLength,
  customerKeyProblem,
  encryptionOf,
  parseTagging,
  taggingText,
} from './encryption'

describe('encryption options, as aws-cli reads them', () => {
  it('turns --sse, --sse-kms-key-id and --sse-c into one encryption', () => {
    expect(encryptionOf({})).toBeUndefined()
    expect(encryptionOf({ sse: 'AES256' })).toEqual({ kind: 'sse-s3' })
    expect(encryptionOf({ sse: 'aws:kms' })).toEqual({ kind: 'sse-kms' })
    expect(encryptionOf({ sse: 'aws:kms', sseKmsKeyId: 'k1' })).toEqual({ kind: 'sse-kms', keyId: 'k1' })
    expect(encryptionOf({ sseC: 'AES256', customerKeyMd5: 'md5' })).toEqual({ kind: 'sse-c', keyMd5: 'md5' })
  })

  it('refuses combinations aws-cli refuses, naming the flag to fix', () => {
    expect(() => encryptionOf({ sse: 'aes256' })).toThrow(/--sse "aes256" is not AES256 or aws:kms/)
    expect(() => encryptionOf({ sse: 'AES256', sseKmsKeyId: 'k' })).toThrow(
      /--sse-kms-key-id needs --sse aws:kms/,
    )
    expect(() => encryptionOf({ sseC: 'AES256' })).toThrow(/--sse-c needs --sse-c-key/)
    expect(() => encryptionOf({ customerKeyMd5: 'x' })).toThrow(/--sse-c-key needs --sse-c AES256/)
    expect(() => encryptionOf({ sse: 'AES256', sseC: 'AES256', customerKeyMd5: 'x' })).toThrow(/together/)
    expect(() => encryptionOf({ sseC: 'DES', customerKeyMd5: 'x' })).toThrow(/is not AES256/)
  })

  it('wants a 32-byte customer key', () => {
    expect(checkCustomerKeyLength(new Uint8Array(32), 'given')).toHaveLength(32)
    expect(() => checkCustomerKeyLength(new Uint8Array(16), 'in k.bin')).toThrow(
      'the SSE-C key in k.bin is 16 bytes; AES-256 needs exactly 32',
    )
  })

  it('says when a run lacks the SSE-C key of its object, or has another', () => {
    const enc = { kind: 'sse-c', keyMd5: 'abc' } as const
    expect(customerKeyProblem(undefined, undefined, 'x')).toBeUndefined()
    expect(customerKeyProblem({ kind: 'sse-s3' }, undefined, 'x')).toBeUndefined()
    expect(customerKeyProblem(enc, { key: 'k', keyMd5: 'abc' }, 'x')).toBeUndefined()
    expect(customerKeyProblem(enc, undefined, 'this upload')).toMatch(/encrypted with a customer key/)
    expect(customerKeyProblem(enc, { key: 'k', keyMd5: 'other' }, 'x')).toMatch(/not the one/)
  })
})

describe('tags and ACLs', () => {
  it('reads k=v&k2=v2 with %-escapes and writes it back', () => {
    const tags = parseTagging('team=ops&note=two%20words&empty=')
    expect(tags).toEqual({ team: 'ops', note: 'two words', empty: '' })
    expect(parseTagging(taggingText(tags))).toEqual(tags)
  })

  it("refuses what S3 would: no '=', duplicates, more than 10, long keys, odd characters", () => {
    expect(() => parseTagging('team')).toThrow(/is not KEY=VALUE/)
    expect(() => parseTagging('a=1&a=2')).toThrow(/appears twice/)
    expect(() => parseTagging(Array.from({ length: 11 }, (_, i) => `k${i}=v`).join('&'))).toThrow(
      /limit of 10/,
    )
    expect(() => parseTagging(`${'k'.repeat(129)}=v`)).toThrow(/1 to 128 characters/)
    expect(() => parseTagging('a=%E0%A4%A')).toThrow(/broken %-escape/)
    expect(() => parseTagging('a=b%3Cc')).toThrow(/characters S3 does not allow/)
  })

  it('takes canned ACLs only', () => {
    expect(cannedAclOf('public-read')).toBe('public-read')
    expect(() => cannedAclOf('public')).toThrow(/not a canned ACL/)
  })
})
