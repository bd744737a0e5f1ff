import { describe, expect, it } from 'vitest'
import { profileNamesIn } from './aws-profiles'

describe('profileNamesIn', () => {
  it('finds profiles in the config and credentials files, not SSO sessions', () => {
    const config = '[default]\nregion = x\n[profile s3df]\nregion = y\n[sso-session corp]\nsso_region = z\n'
    const credentials = '[ingest]\naws_access_key_id = A\n [ spaced ] \n'
    expect([...profileNamesIn(config, credentials)].sort()).toEqual(['default', 'ingest', 's3df', 'spaced'])
  })
})
