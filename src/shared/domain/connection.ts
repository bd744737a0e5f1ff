import { z } from 'zod'
import { connectionEncryptionSchema, type ConnectionEncryption } from '../connection-encryption'

const trimmed = (max: number) => z.string().trim().max(max)

/**
 * Pasted secrets often bring a line break or spaces along. AWS secret keys and session tokens
 * never contain whitespace, so whitespace at either end is dropped, and whitespace inside is
 * refused: it means more than the key was pasted.
 */
const secretField = (max: number, what: string) =>
  z
    .string()
    .max(max)
    .transform((v) => v.trim())
    .refine(
      (v) => !/\s/.test(v),
      `The ${what} contains spaces or line breaks inside; paste the ${what} alone.`,
    )

/** What a person types into the connection form. Secrets travel main-ward only. */
export const connectionInputSchema = z.strictObject({
  id: trimmed(64).optional(),
  name: trimmed(100).min(1, 'Give the connection a name.'),
  /** Blank for AWS; a full URL for other stores (http://127.0.0.1:7480). */
  endpoint: trimmed(2048)
    .refine(
      (v) => v === '' || /^https?:\/\/[^\s/]+/i.test(v),
      'The endpoint must start with http:// or https://.',
    )
    .default(''),
  region: trimmed(64).default('us-east-1'),
  pathStyle: z.boolean().default(false),
  /** Use this profile from ~/.aws/config and ~/.aws/credentials instead of keys. */
  profile: trimmed(128).default(''),
  accessKeyId: trimmed(256).default(''),
  /** Omitted on edit to keep the stored secret. */
  secretAccessKey: secretField(1024, 'secret access key').optional(),
  sessionToken: secretField(8192, 'session token').optional(),
  defaultBucket: trimmed(63).default(''),
  /** Where the objects are public (a CDN or website, S3Streamer's `domain`): "Copy URL" joins it with the key. */
  publicUrlBase: trimmed(2048)
    .refine(
      (v) => v === '' || /^https?:\/\/[^\s/?#]+[^\s?#]*$/i.test(v),
      'The public URL base must be an http:// or https:// address without ? or #, e.g. https://cdn.example.com/files.',
    )
    .default(''),
  /** This connection's proxy (http://HOST:PORT); blank: the environment's; "none": direct. */
  proxy: trimmed(2048)
    .refine(
      (v) => v === '' || v === 'none' || /^(https?|socks[45]?h?):\/\/[^\s/@]+\/?$/i.test(v),
      'The proxy must be http://HOST:PORT (or https://, socks5://), "none", or blank for the environment\'s. A proxy password would be stored unencrypted: give it in HTTPS_PROXY instead.',
    )
    .default(''),
  /** A PEM file of certificate authorities trusted for this store, besides the system's. */
  caFile: trimmed(4096).default(''),
  /**
   * Where no OS keychain exists, secrets are kept for the session only; true writes them to
   * the settings file unencrypted (readable by anyone who can read the file), because the
   * person chose so. Ignored where a keychain exists.
   */
  rememberWithoutKeychain: z.boolean().default(false),
  /** What uploads ask for unless the upload sheet says otherwise; absent: none. */
  encryption: connectionEncryptionSchema.optional(),
})
export type ConnectionInput = z.input<typeof connectionInputSchema>
export type ConnectionFields = z.output<typeof connectionInputSchema>

/** What the renderer may see of a saved connection: never a secret. */
export interface ConnectionSummary {
  id: string
  name: string
  endpoint: string
  region: string
  pathStyle: boolean
  profile: string
  accessKeyId: string
  defaultBucket: string
  /** '' when the connection has no public address. */
  publicUrlBase: string
  /** '' for the environment's proxy. */
  proxy: string
  /** '' for none. */
  caFile: string
  hasSecret: boolean
  /**
   * Where the secret lives: sealed by the OS keychain, in memory until Ferry quits, or in the
   * settings file unencrypted (the person chose so where no keychain exists); none without one.
   */
  secretStorage: SecretStorage
  /** The default encryption of uploads (an SSE-C key file's path, never the key). */
  encryption?: ConnectionEncryption
}

export type SecretStorage = 'keychain' | 'session' | 'file' | 'none'

export const connectionIdSchema = z.strictObject({ connectionId: z.string().min(1).max(64) })

export interface ConnectionTestResult {
  ok: boolean
  /** How long the probe took, for the form's feedback. */
  millis: number
  bucketCount?: number
}
