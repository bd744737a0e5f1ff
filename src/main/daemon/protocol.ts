// What `ferry send` and `ferry daemon` say to each other over the local socket: one JSON
// object per line each way, answers matched to requests by id. JSON carries any file name
// (spaces, newlines, any Unicode), which s3daemon's space-separated protocol could not.
import type { IfExists, UploadHeaders, Verification } from '../../shared/domain/transfer'
import type { CustomerKey } from '../../shared/encryption'

/** What `ferry send` may ask of the object besides its bytes. */
export type SendHeaders = Pick<UploadHeaders, 'storageClass' | 'encryption' | 'acl' | 'tags'>
import type { FerryErrorValue } from '../../shared/errors'

// No zod here: `ferry send` loads this module once per file sent, and stays light. The
// daemon validates requests with the schemas in request-schema.ts.

/** A request line longer than this closes the connection: no client needs it, a stray peer might send it. */
export const MAX_LINE_BYTES = 256 * 1024

export const PROTOCOL_VERSION = 1

export type RequestId = string | number

export interface SendRequest {
  id: RequestId
  op: 'send'
  /** An absolute path; the daemon reads the file itself, as the same user. */
  source: string
  bucket: string
  key: string
  /** s3daemon's ALIAS: a saved connection or AWS profile of that name, else ignored. */
  alias?: string | undefined
  /** What to do when the key is taken; the daemon's default is overwrite (s3daemon's PUT). */
  ifExists?: IfExists | undefined
  /** False: answer once the job is durably queued; true: also when it is stored or failed. */
  wait: boolean
  headers?: SendHeaders | undefined
  /**
   * An SSE-C key: it crosses the user's private socket and stays in the daemon's memory; the
   * queue records the encryption (the key's MD5) only, so a job recovered after a restart asks for it.
   */
  customerKey?: CustomerKey | undefined
}

export interface PingRequest {
  id: RequestId
  op: 'ping'
}

export type DaemonRequest = SendRequest | PingRequest

export const IF_EXISTS_VALUES: readonly IfExists[] = ['overwrite', 'fail', 'skip']

export type DaemonResponse =
  /** The job is on disk (fsynced): it will run even if the daemon dies now. */
  | { id: RequestId; event: 'queued'; job: string }
  | {
      id: RequestId
      event: 'done'
      job: string
      bytes: number
      etag: string
      /** How the object was proven (absent from daemons older than the named proofs). */
      verification?: Verification
    }
  | { id: RequestId | null; event: 'failed'; job?: string; error: FerryErrorValue }
  | { id: RequestId; event: 'pong'; pid: number; version: number; pending: number; running: number }

export const encodeLine = (value: DaemonRequest | DaemonResponse): string => `${JSON.stringify(value)}\n`

/**
 * Splits a byte stream into lines. Bytes are kept until a newline arrives so that a UTF-8
 * character split across chunks decodes whole; a line over the limit is an error.
 */
export class LineSplitter {
  #pending: Buffer[] = []
  #pendingBytes = 0

  constructor(private readonly maxBytes: number = MAX_LINE_BYTES) {}

  /** The complete lines in this chunk (and before it); throws when a line grows too long. */
  push(chunk: Buffer): string[] {
    const lines: string[] = []
    let start = 0
    for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl)
      this.#check(this.#pendingBytes + piece.length)
      const whole = this.#pending.length > 0 ? Buffer.concat([...this.#pending, piece]) : piece
      this.#pending = []
      this.#pendingBytes = 0
      const text = whole.toString('utf8').replace(/\r$/, '')
      if (text.trim() !== '') lines.push(text)
      start = nl + 1
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start)
      this.#check(this.#pendingBytes + rest.length)
      this.#pending.push(Buffer.from(rest))
      this.#pendingBytes += rest.length
    }
    return lines
  }

  #check(bytes: number): void {
    if (bytes > this.maxBytes) throw new Error(`a line longer than ${this.maxBytes} bytes`)
  }
}
