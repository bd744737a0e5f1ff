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

/** One setting of a profile in the config file ("[profile x]", or "[default]"), as aws-cli reads it. */
export function profileSettingIn(configText: string, profile: string, name: string): string | undefined {
  let inProfile = false
  for (const line of configText.split(/\r?\n/)) {
    const section = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line)
    if (section) {
      const title = section[1]!.replace(/\s+/g, ' ')
      inProfile =
        profile === 'default'
          ? title === 'default' || title === 'profile default'
          : title === `profile ${profile}`
      continue
    }
    if (!inProfile) continue
    const setting = /^([A-Za-z0-9_.-]+)\s*=\s*(.*?)\s*$/.exec(line)
    if (setting && setting[1] === name && setting[2]) return setting[2]
  }
  return undefined
}

export function awsProfileSetting(
  profile: string,
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string | undefined {
  const value = profileSettingIn(
    readOrEmpty(env['AWS_CONFIG_FILE'] || join(home, '.aws', 'config')),
    profile,
    name,
  )
  // aws-cli expands ~ in file paths of the config.
  return value?.replace(/^~(?=$|\/)/, home)
}
