// The x-amz-meta-mtime of objects a sync has already read or written, by key and ETag, so that
// the next sync of the same prefix does not HEAD them again. A listing carries no metadata:
// without this, a download sync over an unchanged tree of 10,000 files Ferry uploaded would
// HEAD each (the files carry their own times, not the objects' Last-Modified), as rclone does.
// The ETag names the version: an object replaced since has another ETag and is HEADed anew.
// A lost or unreadable file only costs the HEADs again; it is written whole, then renamed.
import { createHash } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

interface Stored {
  v: 1
  endpoint: string
  bucket: string
  prefix: string
  /** key -> [ETag, mtime in ms] */
  objects: Record<string, [string, number]>
}

export interface TimesPlace {
  /** Where the files live (the state folder's sync-times/). */
  dir: string
  endpoint: string
  bucket: string
  prefix: string
}

export function timesFile(place: TimesPlace): string {
  const id = createHash('sha256')
    .update(`${place.endpoint}\0${place.bucket}\0${place.prefix}`)
    .digest('hex')
    .slice(0, 24)
  return join(place.dir, `${id}.json`)
}

export class ObjectTimes {
  readonly #objects: Map<string, [string, number]>
  #changed = false

  private constructor(
    readonly path: string,
    private readonly place: Omit<TimesPlace, 'dir'>,
    objects: Map<string, [string, number]>,
  ) {
    this.#objects = objects
  }

  static async open(path: string, place: Omit<TimesPlace, 'dir'>): Promise<ObjectTimes> {
    let objects = new Map<string, [string, number]>()
    try {
      const stored = JSON.parse(await readFile(path, 'utf8')) as Partial<Stored>
      if (stored.v === 1 && stored.objects && typeof stored.objects === 'object')
        objects = new Map(
          Object.entries(stored.objects).filter(
            ([, v]) => Array.isArray(v) && typeof v[0] === 'string' && Number.isFinite(v[1]),
          ),
        )
    } catch {
      // None yet, or unreadable: the HEADs tell again.
    }
    return new ObjectTimes(path, place, objects)
  }

  get(key: string, etag: string): number | undefined {
    const known = this.#objects.get(key)
    return known && etag !== '' && known[0] === etag ? known[1] : undefined
  }

  set(key: string, etag: string, ms: number): void {
    if (etag === '' || !Number.isFinite(ms)) return
    const known = this.#objects.get(key)
    if (known?.[0] === etag && known[1] === ms) return
    this.#objects.set(key, [etag, ms])
    this.#changed = true
  }

  /** Keeps only the keys still listed (a prefix's deleted objects go with them). */
  keepOnly(keys: ReadonlySet<string>): void {
    for (const key of this.#objects.keys())
      if (!keys.has(key)) {
        this.#objects.delete(key)
        this.#changed = true
      }
  }

  async save(): Promise<void> {
    if (!this.#changed) return
    const stored: Stored = { v: 1, ...this.place, objects: Object.fromEntries(this.#objects) }
    const tmp = `${this.path}.${process.pid}.tmp`
    try {
      await mkdir(join(this.path, '..'), { recursive: true })
      await writeFile(tmp, JSON.stringify(stored))
      await rename(tmp, this.path)
      this.#changed = false
    } catch {
      // A read-only state folder costs only the HEADs next time.
    }
  }
}
