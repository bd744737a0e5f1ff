// A plain-text log that never grows without bound: ferry.log takes new lines until it reaches
// MAX_LOG_BYTES, then becomes ferry.1.log (ferry.1 becomes ferry.2, and so on) and a new
// ferry.log starts; at most KEEP_LOG_FILES old files stay. Every line passes through
// redactSecrets first. Writes are synchronous appends: a line logged just before a crash is on
// disk, and lines come at state changes, not per part, so they are few.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { redactSecrets } from '../../shared/secrets-in-use'

export const MAX_LOG_BYTES = 1024 * 1024
export const KEEP_LOG_FILES = 3
export const LOG_FILE = 'ferry.log'

export type LogLevel = 'info' | 'warn' | 'error'

export interface LogOptions {
  maxBytes?: number
  keep?: number
  now?: () => Date
}

export class RotatingLog {
  readonly #dir: string
  readonly #maxBytes: number
  readonly #keep: number
  readonly #now: () => Date
  #size: number
  #broken = false

  constructor(dir: string, options: LogOptions = {}) {
    this.#dir = dir
    this.#maxBytes = options.maxBytes ?? MAX_LOG_BYTES
    this.#keep = options.keep ?? KEEP_LOG_FILES
    this.#now = options.now ?? (() => new Date())
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    this.#size = existsSync(this.path) ? statSync(this.path).size : 0
  }

  get path(): string {
    return join(this.#dir, LOG_FILE)
  }

  /** The log's files, oldest first. */
  files(): string[] {
    const out: string[] = []
    for (let i = this.#keep; i >= 1; i--) {
      const file = this.#rotated(i)
      if (existsSync(file)) out.push(file)
    }
    if (existsSync(this.path)) out.push(this.path)
    return out
  }

  /** Everything the log holds, oldest line first. */
  read(): string {
    return this.files()
      .map((f) => readFileSync(f, 'utf8'))
      .join('')
  }

  write(level: LogLevel, message: string): void {
    if (this.#broken) return
    // One line per entry: a message with line breaks (a stack) is indented, not split.
    const text = redactSecrets(message).replace(/\r?\n/g, '\n    ')
    const line = `${this.#now().toISOString()} ${level.toUpperCase().padEnd(5)} ${text}\n`
    const bytes = Buffer.byteLength(line)
    try {
      if (this.#size > 0 && this.#size + bytes > this.#maxBytes) this.#rotate()
      appendFileSync(this.path, line, { mode: 0o600 })
      this.#size += bytes
    } catch {
      // A full or read-only disk must not take transfers down with the log.
      this.#broken = true
    }
  }

  info(message: string): void {
    this.write('info', message)
  }

  warn(message: string): void {
    this.write('warn', message)
  }

  error(message: string): void {
    this.write('error', message)
  }

  #rotated(n: number): string {
    return join(this.#dir, `ferry.${n}.log`)
  }

  #rotate(): void {
    rmSync(this.#rotated(this.#keep), { force: true })
    for (let i = this.#keep - 1; i >= 1; i--) {
      if (existsSync(this.#rotated(i))) renameSync(this.#rotated(i), this.#rotated(i + 1))
    }
    renameSync(this.path, this.#rotated(1))
    this.#size = 0
  }
}
