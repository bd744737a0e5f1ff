import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { profileSettingIn } from './aws-profiles'
import { caSourceOf } from './ca-bundle'

const dir = mkdtempSync(join(tmpdir(), 'ferry-ca-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const config = join(dir, 'config')
writeFileSync(
  config,
  '[default]\nca_bundle = /etc/default-ca.pem\n[profile work]\nregion = x\nca_bundle = ~/work-ca.pem\n',
)

describe('where the extra certificate authorities come from, first found wins (as in aws-cli)', () => {
  it('reads a setting of the named profile only, not nested ones', () => {
    const text =
      '[default]\nregion = a\n[profile p]\ns3 =\n  ca_bundle = nested\nca_bundle = /p.pem\n[sso-session p]\nca_bundle = no\n'
    expect(profileSettingIn(text, 'p', 'ca_bundle')).toBe('/p.pem')
    expect(profileSettingIn(text, 'default', 'ca_bundle')).toBeUndefined()
    expect(profileSettingIn(text, 'q', 'ca_bundle')).toBeUndefined()
  })

  it('the connection or --ca-bundle, then AWS_CA_BUNDLE, then the profile, then nothing', () => {
    const env = { AWS_CONFIG_FILE: config, AWS_CA_BUNDLE: '/env.pem' }
    expect(caSourceOf({ caFile: '/given.pem' }, env)?.path).toBe('/given.pem')
    expect(caSourceOf({}, env)).toEqual({ path: '/env.pem', origin: 'AWS_CA_BUNDLE' })
    expect(caSourceOf({}, { AWS_CONFIG_FILE: config })).toEqual({
      path: '/etc/default-ca.pem',
      origin: 'ca_bundle of AWS profile "default"',
    })
    expect(caSourceOf({ profile: 'work' }, { AWS_CONFIG_FILE: config })?.path).toMatch(/\/work-ca\.pem$/)
    expect(caSourceOf({}, { AWS_CONFIG_FILE: config, AWS_PROFILE: 'work' })?.path).not.toContain('~')
    expect(caSourceOf({}, { AWS_CONFIG_FILE: join(dir, 'none') })).toBeUndefined()
  })
})
