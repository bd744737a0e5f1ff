import type { SecretBox } from '../ports'

/**
 * Outside Electron there is no safeStorage: secrets are never written to disk; the
 * connection store keeps them in memory for the process's lifetime. The CLI takes its
 * credentials from the environment and ~/.aws instead.
 */
export const sessionOnlySecrets: SecretBox = {
  persistent: false,
  encrypt() {
    throw new Error('session-only secret box cannot seal secrets')
  },
  decrypt() {
    throw new Error('session-only secret box holds no sealed secrets')
  },
}
