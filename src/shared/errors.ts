// Errors are values with a code, a message that names the problem, and a fix that says
// what to do. They cross the bridge and the engine protocol as plain objects, because
// Electron's invoke() and process messages strip custom fields from thrown errors.

export const ERROR_CODES = [
  'bad-input',
  'bad-setting',
  'source-missing',
  'source-unreadable',
  'source-not-a-file',
  'source-changed',
  'destination-exists',
  /** A key that cannot become a file under the target folder ("..", "a//b", "CON" on Windows...). */
  'unsafe-key',
  /** Two keys that would be the same local file, or a file and a folder at once ("a" and "a/b"). */
  'key-conflict',
  /** A sync that would delete more than --max-delete allows. */
  'delete-limit',
  'bucket-missing',
  /** A bucket that still holds objects, versions or open uploads cannot be deleted. */
  'bucket-not-empty',
  /** The bucket name is taken (by this account or another). */
  'bucket-exists',
  /** A version id the object does not have. */
  'version-missing',
  /** An archived object (GLACIER, DEEP_ARCHIVE, an archive tier) that must be restored before it is read. */
  'object-archived',
  'object-missing',
  'access-denied',
  'wrong-region',
  'invalid-credentials',
  'credentials-expired',
  'clock-skew',
  'network',
  'timeout',
  'throttled',
  'server-error',
  'not-s3',
  'integrity',
  'journal-corrupt',
  'upload-missing',
  'cancelled',
  'paused',
  'disk-full',
  /** The store does not do what was asked (radosgw refusing to copy an encrypted object). */
  'not-supported',
  'not-found',
  /** An SSE-C object (or upload) and no key, or not its key: the request cannot be made. */
  'customer-key-needed',
  /** SSE-KMS with a key id the store does not know. */
  'kms-key-missing',
  'forbidden-sender',
  'internal',
] as const

export type FerryErrorCode = (typeof ERROR_CODES)[number]

export interface FerryErrorValue {
  code: FerryErrorCode
  message: string
  fix: string
  /** True when the same request may succeed later (network, throttling, 5xx). */
  retryable?: boolean
  /** The HTTP status or S3 error name behind it, when there was one. */
  detail?: string
}

export class FerryError extends Error {
  readonly code: FerryErrorCode
  readonly fix: string
  readonly retryable: boolean
  readonly detail: string | undefined

  constructor(value: FerryErrorValue, options?: { cause?: unknown }) {
    super(value.message, options)
    this.name = 'FerryError'
    this.code = value.code
    this.fix = value.fix
    this.retryable = value.retryable ?? false
    this.detail = value.detail
  }

  toValue(): FerryErrorValue {
    const value: FerryErrorValue = { code: this.code, message: this.message, fix: this.fix }
    if (this.retryable) value.retryable = true
    if (this.detail !== undefined) value.detail = this.detail
    return value
  }

  static fromValue(value: FerryErrorValue): FerryError {
    return new FerryError(value)
  }
}

export const isFerryError = (e: unknown): e is FerryError => e instanceof FerryError

/** The shape every bridge call resolves to: never a thrown error. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: FerryErrorValue }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = <T = never>(error: FerryErrorValue): Result<T> => ({ ok: false, error })

/** Turns anything thrown into an error value; unknown errors become 'internal'. */
export function toErrorValue(e: unknown): FerryErrorValue {
  if (isFerryError(e)) return e.toValue()
  return ferryBug(e instanceof Error ? e.message : String(e)).toValue()
}

/** Something Ferry itself got wrong: nothing the user did can fix it, a report can. */
export function ferryBug(message: string): FerryError {
  return new FerryError({
    code: 'internal',
    message,
    fix: 'This is a bug in Ferry; please report it with the steps that led here.',
  })
}

export function badInput(message: string, fix: string): FerryError {
  return new FerryError({ code: 'bad-input', message, fix })
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`)
}
