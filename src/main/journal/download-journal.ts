// The sidecar journal of a download: one header line naming the object version, then one
// line per finished range. Appending a line costs the same at range 1 and range 10,000,
// and a line torn by a crash is simply not counted (that range is fetched again).
import { open, readFile, rm, type FileHandle } from 'node:fs/promises'

export interface JournalHeader {
  v: 1
  bucket: string
  key: string
  etag: string
  size: number
  lastModified: string
  rangeSize: number
}

export interface JournalState {
  header: JournalHeader
  /** Start offsets of finished ranges. */
  done: Set<number>
}

export const partialPathOf = (target: string): string => `${target}.ferry-partial`
export const journalPathOf = (target: string): string => `${target}.ferry-partial.journal`

const isHeader = (v: unknown): v is JournalHeader => {
  const h = v as Partial<JournalHeader> | null
  return (
    typeof h === 'object' &&
    h !== null &&
    h.v === 1 &&
    typeof h.bucket === 'string' &&
    typeof h.key === 'string' &&
    typeof h.etag === 'string' &&
    typeof h.size === 'number' &&
    typeof h.rangeSize === 'number' &&
    typeof h.lastModified === 'string'
  )
}

/** The journal's state, or undefined when there is none or it is unreadable (then Ferry starts over). */
export async function readJournal(path: string): Promise<JournalState | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return undefined
  }
  const lines = text.split('\n')
  let header: unknown
  try {
    header = JSON.parse(lines[0] ?? '')
  } catch {
    return undefined
  }
  if (!isHeader(header)) return undefined
  const done = new Set<number>()
  for (const line of lines.slice(1)) {
    const match = /^\{"r":\[(\d+),(\d+)\]\}$/.exec(line.trim())
    if (match) done.add(Number(match[1]))
  }
  return { header, done }
}

export class DownloadJournal {
  private chain: Promise<unknown> = Promise.resolve()

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string, header: JournalHeader): Promise<DownloadJournal> {
    const handle = await open(path, 'w')
    await handle.write(JSON.stringify(header) + '\n')
    await handle.sync()
    return new DownloadJournal(handle)
  }

  static async append(path: string): Promise<DownloadJournal> {
    // A crash may have left a torn last line; a newline first keeps the next entry readable.
    const handle = await open(path, 'a')
    await handle.write('\n')
    return new DownloadJournal(handle)
  }

  /** Records a finished range. Entries are written one at a time, in the order they finish. */
  markDone(start: number, end: number): Promise<void> {
    const next = this.chain.then(() => this.handle.write(`{"r":[${start},${end}]}\n`))
    this.chain = next.catch(() => undefined)
    return next.then(() => undefined)
  }

  async close(): Promise<void> {
    await this.chain
    await this.handle.close()
  }
}

export async function removeDownloadFiles(target: string): Promise<void> {
  await rm(partialPathOf(target), { force: true })
  await rm(journalPathOf(target), { force: true })
}
