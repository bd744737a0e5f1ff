import { safeStorage } from 'electron'
import type { SecretBox } from '../../core/ports'

/**
 * Seals secrets with the OS keychain (Keychain, DPAPI, libsecret/kwallet). On Linux
 * without a keyring, safeStorage falls back to a hard-coded key ("basic_text"): that is
 * not encryption, so Ferry treats it as unavailable and keeps secrets for the session.
 */
export function electronSecretBox(): SecretBox {
  const usable =
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text')
  return {
    persistent: usable,
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  }
}
