// The names of the AWS profiles in ~/.aws/config and ~/.aws/credentials (or where
// AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE point): s3daemon's ALIAS may name one.
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** Section names: "[profile x]" in the config file, "[x]" in the credentials file, "[default]" in both. */
export function profileNamesIn(configText: string, credentialsText: string): Set<string> {
  const names = new Set<string>()
  for (const m of configText.matchAll(/^\s*\[\s*(?:profile\s+)?([^\]]+?)\s*\]\s*$/gm)) {
    if (!m[1]!.startsWith('sso-session ') && !m[1]!.startsWith('services ')) names.add(m[1]!)
  }
  for (const m of credentialsText.matchAll(/^\s*\[\s*([^\]]+?)\s*\]\s*$/gm)) names.add(m[1]!)
  return names
}

const readOrEmpty = (path: string): string => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

export function awsProfileNames(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): Set<string> {
  return profileNamesIn(
    readOrEmpty(env['AWS_CONFIG_FILE'] || join(home, '.aws', 'config')),
    readOrEmpty(env['AWS_SHARED_CREDENTIALS_FILE'] || join(home, '.aws', 'credentials')),
  )
}
