import { describe, expect, it } from 'vitest'
import type { EngineConnection } from '../../../shared/engine-protocol'
import {
  CredentialRefresh,
  needsPerson,
  refreshDelayMs,
  REFRESH_BEFORE_MS,
  type ResolvedCredentials,
} from './credential-refresh'

const profile: EngineConnection = { endpoint: 'http://s3', region: 'r', pathStyle: true, profile: 'dev' }

function refresher(answer: () => ResolvedCredentials) {
  let calls = 0
  const r = new CredentialRefresh({
    source: async () => {
      calls++
      return answer()
    },
    push: () => {},
    restored: () => {},
    inUse: () => true,
  })
  return { r, calls: () => calls }
}

describe('refreshDelayMs', () => {
  it('refreshes an hour-long lease ten minutes early, and a short one with a third of it left', () => {
    expect(refreshDelayMs(3_600_000, 0)).toBe(3_600_000 - REFRESH_BEFORE_MS)
    expect(refreshDelayMs(6_000, 0)).toBe(4_000)
    expect(refreshDelayMs(100, 0)).toBe(250)
  })
})

describe('needsPerson', () => {
  it("recognizes the SDK's expired SSO session, not a failing credential_process", () => {
    expect(
      needsPerson(
        new Error(
          'The SSO session token associated with profile=dev was not found or is invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
        ),
      ),
    ).toBe(true)
    expect(needsPerson(new Error('Profile dev did not include credential process'))).toBe(false)
  })
})

describe('CredentialRefresh.prepare', () => {
  it('fills in short-lived credentials once per source and leaves long-lived ones to the engine', async () => {
    const expiration = new Date(Date.now() + 3_600_000)
    const short = refresher(() => ({ accessKeyId: 'A', secretAccessKey: 's', sessionToken: 't', expiration }))
    const first = await short.r.prepare(profile)
    expect(first.credentials).toEqual({
      accessKeyId: 'A',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: expiration.toISOString(),
    })
    expect(await short.r.prepare(profile)).toEqual(first)
    expect(short.calls()).toBe(1)
    short.r.close()

    const static_ = refresher(() => ({ accessKeyId: 'A', secretAccessKey: 's' }))
    expect(await static_.r.prepare(profile)).toEqual(profile)
    const keys = { ...profile, credentials: { accessKeyId: 'K', secretAccessKey: 'S' } }
    expect(await static_.r.prepare(keys)).toBe(keys)
    static_.r.close()
  })

  it('throws credentials-expired naming the sign-in command when only the person can help', async () => {
    const r = new CredentialRefresh({
      source: async () => {
        throw new Error('To refresh this SSO session run aws sso login with the corresponding profile.')
      },
      push: () => {},
      restored: () => {},
      inUse: () => true,
    })
    await expect(r.prepare(profile)).rejects.toMatchObject({
      code: 'credentials-expired',
      fix: expect.stringContaining('`aws sso login --profile dev`'),
    })
    const engineSaid = { code: 'credentials-expired' as const, message: 'expired', fix: 'x' }
    expect(r.explain(profile, engineSaid).fix).toContain('aws sso login --profile dev')
    r.close()
  })
})
