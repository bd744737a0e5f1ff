import { redactSecrets } from '../shared/secrets-in-use'
import { isFerryError, toErrorValue, type FerryErrorValue } from '../shared/errors'
import type { Verification } from '../shared/domain/transfer'
import { EXIT_FAILED, EXIT_USAGE } from './command'

const SECRET_ENV = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']

/**
 * Removes secrets from text before it reaches a terminal or a log: those in the environment
 * and every secret this process put to use (a saved connection's, a ~/.aws profile's).
 */
export function redact(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return redactSecrets(
    text,
    SECRET_ENV.map((name) => env[name]?.trim()),
  )
}

/** One line on stderr that names the cause and what to do; returns the exit code. */
export function reportError(e: unknown, stderr: NodeJS.WritableStream, env: NodeJS.ProcessEnv): number {
  const value: FerryErrorValue = toErrorValue(e)
  // SDK messages can span lines (deserialization errors do); scripts read the first line only.
  const line = `ferry: ${value.message}. Fix: ${value.fix}`.replace(/\s*[\r\n]+\s*/g, ' ')
  stderr.write(redact(line, env) + '\n')
  if (isFerryError(e) && (e.code === 'bad-input' || e.code === 'bad-setting')) return EXIT_USAGE
  return EXIT_FAILED
}

export function writeJson(
  stdout: NodeJS.WritableStream,
  value: unknown,
  env: NodeJS.ProcessEnv = process.env,
): void {
  stdout.write(redact(JSON.stringify(value), env) + '\n')
}

/**
 * JSON lines written once per turn of the event loop: a folder of small files prints four
 * lines per file, and a write call each cost a system call each (`strace -c`: 9.5 writes per
 * file in all). `flush` writes what is pending at once, before the command returns. The lines
 * are redacted together as they are written, not one by one: reading the environment's
 * secrets for each line was about 4% of the CPU of a folder of small files (a CPU profile). A
 * JSON line holds no line break, so a secret found in the joined text is one found in a line.
 */
export function jsonLines(stdout: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env) {
  let pending: string[] = []
  const flush = (): void => {
    if (pending.length === 0) return
    const text = redact(pending.join(''), env)
    pending = []
    stdout.write(text)
  }
  return {
    write(value: unknown): void {
      if (pending.length === 0) setImmediate(flush)
      pending.push(JSON.stringify(value) + '\n')
    },
    flush,
  }
}

/**
 * A transfer's proof in --json lines: `verified`, the method as `verification` ("md5",
 * "multipart-etag", "full-object-crc32"... or, unverified, "parts", "size" or "none") and the
 * detail or the one-line reason. Never a bare false.
 */
export function verificationJson(v: Verification | undefined): Record<string, unknown> {
  if (!v) return { verified: false, verification: 'none', reason: 'not finished' }
  return v.verified
    ? { verified: true, verification: v.method, detail: v.detail }
    : { verified: false, verification: v.method, reason: v.reason }
}
