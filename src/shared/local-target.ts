// Where each object lands when a prefix is downloaded into a folder: the part of its key below
// the prefix, as a relative path. S3 keys are any UTF-8 up to 1,024 bytes, so a listing may hold
// keys that would climb out of the folder ("../../.bashrc", "/etc/passwd", "C:/Windows") or that
// the local file system cannot hold ("CON" on Windows, a 300-byte name, "a\0b"). Each such key is
// refused on its own with an error naming it and a way out, and the rest of the download goes on.
// The rules depend on the machine that writes the files; src/shared cannot read process.platform,
// so the caller passes it in.
// https://learn.microsoft.com/en-us/windows/win32/fileio/naming-a-file
import { FerryError } from './errors'

export type KeyProblem =
  | 'outside-prefix'
  | 'absolute'
  | 'dot-segment'
  | 'empty-segment'
  | 'nul'
  | 'backslash'
  | 'forbidden-character'
  | 'reserved-name'
  | 'trailing-dot-or-space'
  | 'name-too-long'
  | 'path-too-long'
  | 'folder-with-bytes'
  | 'same-file'
  | 'file-and-folder'

export interface LocalTargetOptions {
  bucket: string
  /** The prefix being downloaded ("" or ending in "/"): the path below it is kept. */
  prefix: string
  /** process.platform of the machine that writes the files. */
  platform: string
  /** The target folder, when known, so that the whole path's length can be checked. */
  targetFolder?: string
}

export interface ObjectEntry {
  key: string
  size: number
}

export type KeyMapping =
  /** `path` is relative to the target folder, with / between names, whatever the platform. */
  | { kind: 'file'; key: string; size: number; path: string }
  /** A key ending in "/" with no bytes: a folder made in a console, not a file. */
  | { kind: 'folder-marker'; key: string }
  | { kind: 'rejected'; key: string; problem: KeyProblem; error: FerryError }

/** Most file systems (ext4, APFS, NTFS in UTF-16 units) cap one name at 255. */
export const MAX_NAME_BYTES = 255

/** PATH_MAX less its NUL on Linux and macOS; the \\?\ limit on Windows, which Node's fs uses. */
function pathLimit(platform: string): number {
  if (platform === 'win32') return 32_766
  if (platform === 'darwin') return 1_023
  return 4_095
}

const utf8 = new TextEncoder()
const bytesOf = (text: string): number => utf8.encode(text).length
/** Windows counts UTF-16 units, POSIX counts bytes. */
const pathLength = (text: string, platform: string): number =>
  platform === 'win32' ? text.length : bytesOf(text)

// eslint-disable-next-line no-control-regex -- control characters are what Windows refuses
const WINDOWS_FORBIDDEN = /[<>:"|?*\u0001-\u001f]/
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i
const DRIVE = /^[A-Za-z]:/

const show = (key: string): string => JSON.stringify(key)

const WHAT: Record<KeyProblem, string> = {
  'outside-prefix': 'is not under the prefix being downloaded',
  absolute: 'is an absolute path, which would be written outside the target folder',
  'dot-segment': 'has a "." or ".." name, which would lead outside the target folder or onto another file',
  'empty-segment': 'has an empty name between two slashes ("a//b"), which no file system can hold',
  nul: 'holds a NUL character, which no file name can',
  backslash: 'holds a backslash, which Windows reads as a folder separator',
  'forbidden-character':
    'holds a character Windows does not allow in file names (< > : " | ? * or a control character)',
  'reserved-name': 'has a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1-9, LPT1-9)',
  'trailing-dot-or-space': 'has a name ending in a dot or a space, which Windows drops',
  'name-too-long': `has a name over ${MAX_NAME_BYTES} bytes, more than file systems allow`,
  'path-too-long': 'makes a path longer than this system allows',
  'folder-with-bytes': 'ends in "/" but holds bytes, so it cannot be a folder and has no file name',
  'same-file': 'would be the same local file as another key on this case-insensitive file system',
  'file-and-folder':
    'is an object and also a folder of other objects ("a" and "a/b"), which one path cannot be',
}

function keyError(key: string, problem: KeyProblem, options: LocalTargetOptions, why?: string): FerryError {
  const url = show(`s3://${options.bucket}/${key}`)
  return new FerryError({
    code: problem === 'same-file' || problem === 'file-and-folder' ? 'key-conflict' : 'unsafe-key',
    message: `the key ${show(key)} ${why ?? WHAT[problem]}; it was not downloaded`,
    fix:
      problem === 'outside-prefix'
        ? 'This is a bug in Ferry; please report it with the command that led here.'
        : `Download it alone to a name of your choice (ferry get ${url} FILE), or give the object a ` +
          `safe key (ferry cp ${url} s3://${options.bucket}/NEW-KEY, then ferry rm the old one).`,
    detail: problem,
  })
}

function segmentProblem(name: string, platform: string): KeyProblem | undefined {
  if (name === '') return 'empty-segment'
  if (name === '.' || name === '..') return 'dot-segment'
  if (platform === 'win32') {
    if (name.includes('\\')) return 'backslash'
    if (WINDOWS_FORBIDDEN.test(name)) return 'forbidden-character'
    // "nul.txt" and "CON .tar.gz" are the device too: Windows looks at the name before the first dot.
    if (WINDOWS_RESERVED.test(name.split('.')[0]!.trimEnd())) return 'reserved-name'
    if (/[. ]$/.test(name)) return 'trailing-dot-or-space'
  }
  if (bytesOf(name) > MAX_NAME_BYTES) return 'name-too-long'
  return undefined
}

/** Where one object goes, or why it cannot go anywhere under the target folder. */
export function mapKey(entry: ObjectEntry, options: LocalTargetOptions): KeyMapping {
  const { key, size } = entry
  const reject = (problem: KeyProblem): KeyMapping => ({
    kind: 'rejected',
    key,
    problem,
    error: keyError(key, problem, options),
  })
  if (!key.startsWith(options.prefix)) return reject('outside-prefix')
  const path = key.slice(options.prefix.length)
  if (key.endsWith('/')) return size === 0 ? { kind: 'folder-marker', key } : reject('folder-with-bytes')
  if (path === '') return reject('empty-segment')
  if (key.includes('\0')) return reject('nul')
  if (key.startsWith('/') || (options.platform === 'win32' && (DRIVE.test(path) || path.startsWith('\\'))))
    return reject('absolute')
  for (const name of path.split('/')) {
    const problem = segmentProblem(name, options.platform)
    if (problem) return reject(problem)
  }
  const limit = pathLimit(options.platform)
  const base = options.targetFolder === undefined ? 0 : pathLength(options.targetFolder, options.platform) + 1
  if (base + pathLength(path, options.platform) > limit) return reject('path-too-long')
  return { kind: 'file', key, size, path }
}

/** Windows and macOS file systems ignore case by default; APFS also ignores Unicode normalization. */
export function sameFileKey(path: string, platform: string): string {
  return platform === 'win32' || platform === 'darwin' ? path.normalize('NFC').toLowerCase() : path
}

export interface LocalTargets {
  /** Sorted by path. */
  files: Extract<KeyMapping, { kind: 'file' }>[]
  folderMarkers: string[]
  /** Each with a FerryError naming the key; sorted by key. */
  rejected: Extract<KeyMapping, { kind: 'rejected' }>[]
}

/**
 * Maps a whole listing and finds keys that collide: two keys that one file would hold (case, on
 * Windows and macOS), and a key that is also a folder ("a" beside "a/b"). The folder wins, as
 * it holds more; of same-file keys the first in sorted order wins. The losers are rejected.
 */
export function planLocalTargets(entries: readonly ObjectEntry[], options: LocalTargetOptions): LocalTargets {
  const files: LocalTargets['files'] = []
  const folderMarkers: string[] = []
  const rejected: LocalTargets['rejected'] = []
  for (const entry of entries) {
    const mapped = mapKey(entry, options)
    if (mapped.kind === 'file') files.push(mapped)
    else if (mapped.kind === 'folder-marker') folderMarkers.push(mapped.key)
    else rejected.push(mapped)
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const conflict = (file: LocalTargets['files'][number], problem: KeyProblem, why: string) =>
    rejected.push({
      kind: 'rejected',
      key: file.key,
      problem,
      error: keyError(file.key, problem, options, why),
    })

  const byFile = new Map<string, string>()
  const distinct: LocalTargets['files'] = []
  for (const file of files) {
    const same = sameFileKey(file.path, options.platform)
    const first = byFile.get(same)
    if (first === undefined) {
      byFile.set(same, file.key)
      distinct.push(file)
    } else {
      conflict(
        file,
        'same-file',
        `would be the same local file as ${show(first)} on this case-insensitive file system`,
      )
    }
  }
  const folders = new Set<string>()
  for (const file of distinct) {
    const same = sameFileKey(file.path, options.platform)
    for (let i = same.indexOf('/'); i >= 0; i = same.indexOf('/', i + 1)) folders.add(same.slice(0, i))
  }
  const kept = distinct.filter((file) => {
    if (!folders.has(sameFileKey(file.path, options.platform))) return true
    conflict(
      file,
      'file-and-folder',
      `is an object and also the folder of other objects under ${show(`${file.key}/`)}`,
    )
    return false
  })
  rejected.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return { files: kept, folderMarkers: folderMarkers.sort(), rejected }
}
