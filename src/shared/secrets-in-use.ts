// Every secret this process has put to use: secret access keys and session tokens from saved
// connections, the environment, or ~/.aws profiles. Error messages, log lines and --json
// output pass through redactSecrets() before they leave the process, so a secret that an
// SDK error or a path happens to echo is never shown or written. Module state on purpose:
// one process holds one set of secrets in use, whichever code path resolved them.

/** Shorter values are not secrets (an empty token, a placeholder) and would blank ordinary words. */
const MIN_SECRET_LENGTH = 8

const inUse = new Set<string>()

export function rememberSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) inUse.add(value)
}

export function rememberCredentials(credentials: { secretAccessKey?: string; sessionToken?: string }): void {
  rememberSecret(credentials.secretAccessKey)
  rememberSecret(credentials.sessionToken)
}

/** Replaces every secret in use (and the extra ones given) with [redacted]. */
export function redactSecrets(text: string, extra: readonly (string | undefined)[] = []): string {
  let out = text
  // Longest first: a token that contains a secret key must vanish whole, not leave its ends.
  const all = [...inUse, ...extra.filter((s): s is string => !!s && s.length >= MIN_SECRET_LENGTH)]
  all.sort((a, b) => b.length - a.length)
  for (const secret of all) if (out.includes(secret)) out = out.split(secret).join('[redacted]')
  return out
}

/** Test hook: forget what earlier tests in the same process put to use. */
export function forgetSecretsInUse(): void {
  inUse.clear()
}

/** An error value as it may leave the process: message, fix and detail without secrets. */
export function redactErrorValue<T extends { message: string; fix: string; detail?: string }>(value: T): T {
  const out = { ...value, message: redactSecrets(value.message), fix: redactSecrets(value.fix) }
  if (value.detail !== undefined) out.detail = redactSecrets(value.detail)
  return out
}
