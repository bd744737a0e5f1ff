// Credentials from a named AWS profile (~/.aws/config, ~/.aws/credentials, SSO included). The
// SDK's own failure ("Could not resolve credentials using profile: [x] in configuration/
// credentials file(s)") names neither the files it read nor what to do; this says both.
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fromIni } from '@aws-sdk/credential-providers'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { FerryError } from '../../shared/errors'
import { awsProfileNames } from './aws-profiles'

const configFile = (env: NodeJS.ProcessEnv) => env['AWS_CONFIG_FILE'] || join(homedir(), '.aws', 'config')
const credentialsFile = (env: NodeJS.ProcessEnv) =>
  env['AWS_SHARED_CREDENTIALS_FILE'] || join(homedir(), '.aws', 'credentials')

/** What a failed profile lookup means, and what the person should do about it. */
export function profileError(
  profile: string,
  cause: unknown,
  env: NodeJS.ProcessEnv = process.env,
): FerryError {
  const said = cause instanceof Error ? cause.message : String(cause)
  const files = `${configFile(env)} and ${credentialsFile(env)}`
  if (/sso|token/i.test(said) && /expired|refresh|login/i.test(said)) {
    return new FerryError(
      {
        code: 'credentials-expired',
        message: `the SSO session of AWS profile "${profile}" has expired`,
        fix: `Run "aws sso login --profile ${profile}", then try again.`,
        detail: said,
      },
      { cause },
    )
  }
  if (!awsProfileNames(env).has(profile)) {
    return new FerryError(
      {
        code: 'invalid-credentials',
        message: `AWS profile "${profile}" does not exist in ${files}`,
        fix: `Create it with "aws configure --profile ${profile}" (or "aws configure sso"), or edit the connection to name an existing profile or use access keys.`,
        detail: said,
      },
      { cause },
    )
  }
  return new FerryError(
    {
      code: 'invalid-credentials',
      message: `AWS profile "${profile}" gives no usable credentials (${said})`,
      fix: `Check the profile in ${files}: it needs aws_access_key_id and aws_secret_access_key, a role to assume, an SSO setup or a credential_process.`,
      detail: said,
    },
    { cause },
  )
}

/** fromIni, with its failures turned into a FerryError that names the profile and the fix. */
export function profileCredentials(profile: string): AwsCredentialIdentityProvider {
  const provider = fromIni({ profile })
  return async (options) => {
    try {
      return await provider(options)
    } catch (e) {
      throw profileError(profile, e)
    }
  }
}
