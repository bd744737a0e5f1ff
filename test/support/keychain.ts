import type { SecretBox } from '../../src/main/core/ports'

/** Stands in for the OS keychain, so that a restarted headless main reads the connection it saved. */
export const testKeychain: SecretBox = {
  persistent: true,
  encrypt: (plain) => Buffer.from(plain).toString('base64'),
  decrypt: (sealed) => Buffer.from(sealed, 'base64').toString(),
}
