// Reading an append-only file of lines (journals, batch journals, the daemon's queue and timing
// logs) while something may be appending to it. Each record is one write of a complete line
// (durable-append.ts), but a reader can still catch a write half copied into the page cache,
// or a line torn by a crash or a full disk: the text after the last newline is not a record
// yet. It is left for the next read, never parsed, so a reader never throws on it and never
// returns half a record. What a line in the middle that does not parse means (damage to skip,
// or a journal to refuse) is each format's own rule.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

export interface WholeLines {
  /** The complete lines without their newlines, empty ones included (numbering matches the file). */
  lines: string[]
  /** Bytes up to and including the last newline: what is whole. */
  bytes: number
}

const NEWLINE = 0x0a

/** The complete lines of a log's text (or bytes); an unterminated last line is left out. */
export function wholeLines(data: string | Buffer): WholeLines {
  if (typeof data === 'string') {
    const end = data.lastIndexOf('\n') + 1
    if (end === 0) return { lines: [], bytes: 0 }
    const whole = data.slice(0, end - 1)
    return { lines: whole.split('\n'), bytes: Buffer.byteLength(whole, 'utf8') + 1 }
  }
  const end = data.lastIndexOf(NEWLINE) + 1
  if (end === 0) return { lines: [], bytes: 0 }
  // Decoded only up to the newline: a character torn at the end is never half read.
  return { lines: data.toString('utf8', 0, end - 1).split('\n'), bytes: end }
}

export interface FileLines extends WholeLines {
  /** Where the read began: `resume.offset`, or 0 when the file was another one or shorter. */
  from: number
  /** The file's inode (0 on Windows), to resume in the same file next time. */
  ino: number
}

/**
 * The complete lines of the file at `path` (undefined when there is none). With `resume`, reads
 * only what lies after `offset`, unless the file under the name is no longer the one with
 * inode `ino` or is shorter than `offset` (replaced or cut short): then all of it.
 */
export function readWholeLines(
  path: string,
  resume?: { offset: number; ino?: number | undefined },
): FileLines | undefined {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
  try {
    const { ino, size } = fstatSync(fd)
    const same = resume !== undefined && (resume.ino === undefined || resume.ino === ino)
    const from = same && resume.offset <= size ? resume.offset : 0
    const bytes = Buffer.allocUnsafe(size - from)
    let got = 0
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, from + got)
      if (n === 0) break
      got += n
    }
    return { ...wholeLines(bytes.subarray(0, got)), from, ino }
  } finally {
    closeSync(fd)
  }
}
