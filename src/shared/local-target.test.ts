import { describe, expect, it } from 'vitest'
import { mapKey, planLocalTargets, type KeyMapping, type LocalTargetOptions } from './local-target'

const linux: LocalTargetOptions = { bucket: 'b', prefix: 'data/', platform: 'linux' }
const windows: LocalTargetOptions = { ...linux, platform: 'win32' }
const mac: LocalTargetOptions = { ...linux, platform: 'darwin' }

const map = (key: string, options = linux, size = 1): KeyMapping => mapKey({ key, size }, options)
const problemOf = (key: string, options = linux, size = 1): string | undefined => {
  const m = map(key, options, size)
  return m.kind === 'rejected' ? m.problem : undefined
}

describe('mapKey: an object key as a path under the target folder', () => {
  it('keeps the structure below the prefix', () => {
    expect(map('data/photos/2024/a.jpg')).toEqual({
      kind: 'file',
      key: 'data/photos/2024/a.jpg',
      size: 1,
      path: 'photos/2024/a.jpg',
    })
    expect(map('x/y', { ...linux, prefix: '' })).toMatchObject({ kind: 'file', path: 'x/y' })
  })

  it('skips folder markers and refuses a key ending in / that holds bytes', () => {
    expect(map('data/photos/', linux, 0)).toEqual({ kind: 'folder-marker', key: 'data/photos/' })
    expect(map('data/', linux, 0)).toEqual({ kind: 'folder-marker', key: 'data/' })
    expect(problemOf('data/photos/', linux, 5)).toBe('folder-with-bytes')
  })

  it('refuses ".." and "." names wherever they are', () => {
    for (const key of ['data/../etc/passwd', 'data/a/../../x', 'data/..', 'data/./a', 'data/a/.']) {
      expect(problemOf(key), key).toBe('dot-segment')
    }
    // ".." inside a name is an ordinary name.
    expect(map('data/a..b/..c')).toMatchObject({ kind: 'file', path: 'a..b/..c' })
  })

  it('refuses absolute paths: a leading slash anywhere, a drive or UNC path on Windows', () => {
    expect(problemOf('/etc/passwd', { ...linux, prefix: '' })).toBe('absolute')
    expect(problemOf('C:/Windows/win.ini', { ...windows, prefix: '' })).toBe('absolute')
    expect(problemOf('data/c:x', windows)).toBe('absolute')
    expect(problemOf('data/\\\\server\\share\\x', windows)).toBe('absolute')
    // A POSIX system holds "C:" as a folder name inside the target.
    expect(map('C:/x', { ...linux, prefix: '' })).toMatchObject({ kind: 'file', path: 'C:/x' })
  })

  it('refuses empty names between slashes, including one right after the prefix', () => {
    expect(problemOf('data/a//b')).toBe('empty-segment')
    expect(problemOf('data//b')).toBe('empty-segment')
  })

  it('refuses backslashes on Windows, where they separate folders, and keeps them elsewhere', () => {
    expect(problemOf('data/..\\..\\evil', windows)).toBe('backslash')
    expect(problemOf('data/a\\b', windows)).toBe('backslash')
    expect(map('data/a\\b')).toMatchObject({ kind: 'file', path: 'a\\b' })
  })

  it('refuses NUL on every platform, and the characters Windows forbids there only', () => {
    expect(problemOf('data/a\0b')).toBe('nul')
    expect(problemOf('data/a\0b', windows)).toBe('nul')
    for (const c of ['<', '>', ':', '"', '|', '?', '*', '\u0001', '\u001f']) {
      expect(problemOf(`data/ab${c}c`, windows), c).toBe('forbidden-character')
      expect(problemOf(`data/ab${c}c`), c).toBeUndefined()
    }
  })

  it('refuses Windows device names with or without an extension, in any case, only on Windows', () => {
    for (const name of [
      'CON',
      'prn',
      'Aux',
      'NUL',
      'nul.txt',
      'COM1',
      'com9.log',
      'LPT1',
      'lpt5.tar.gz',
      'COM¹',
      'CON .txt',
    ]) {
      expect(problemOf(`data/x/${name}`, windows), name).toBe('reserved-name')
      expect(problemOf(`data/x/${name}`), name).toBeUndefined()
    }
    for (const name of ['CONSOLE', 'nul_', 'COM10', 'LPT', 'xcon']) {
      expect(map(`data/${name}`, windows).kind, name).toBe('file')
    }
  })

  it('refuses names ending in a dot or a space on Windows only', () => {
    expect(problemOf('data/name.', windows)).toBe('trailing-dot-or-space')
    expect(problemOf('data/folder /a', windows)).toBe('trailing-dot-or-space')
    expect(map('data/name.').kind).toBe('file')
  })

  it('refuses a name over 255 bytes of UTF-8, counting multi-byte characters', () => {
    expect(map(`data/${'a'.repeat(255)}`).kind).toBe('file')
    expect(problemOf(`data/${'a'.repeat(256)}`)).toBe('name-too-long')
    // 86 three-byte characters are 258 bytes though only 86 characters.
    expect(problemOf(`data/${'語'.repeat(86)}`)).toBe('name-too-long')
    expect(map(`data/${'語'.repeat(85)}`).kind).toBe('file')
  })

  it('refuses a whole path longer than the platform holds, counting the target folder', () => {
    const deep = `data/${Array.from({ length: 9 }, () => 'n'.repeat(100)).join('/')}`
    expect(map(deep, mac).kind).toBe('file')
    expect(problemOf(deep, { ...mac, targetFolder: `/Users/me/${'d'.repeat(200)}` })).toBe('path-too-long')
    expect(map(deep, { ...linux, targetFolder: `/home/me/${'d'.repeat(200)}` }).kind).toBe('file')
  })

  it('names the key, the problem and two ways out in the error', () => {
    const m = map('data/../x')
    if (m.kind !== 'rejected') throw new Error('expected a rejection')
    expect(m.error.toValue()).toEqual({
      code: 'unsafe-key',
      message:
        'the key "data/../x" has a "." or ".." name, which would lead outside the target folder or onto another file; it was not downloaded',
      fix: 'Download it alone to a name of your choice (ferry get "s3://b/data/../x" FILE), or give the object a safe key (ferry cp "s3://b/data/../x" s3://b/NEW-KEY, then ferry rm the old one).',
      detail: 'dot-segment',
    })
    // Control characters are escaped rather than sent to a terminal.
    const nul = map('data/a\0b')
    expect(nul.kind === 'rejected' && nul.error.message).toMatch(/"data\/a\\u0000b"/)
  })
})

describe('planLocalTargets: a whole listing', () => {
  const entries = (...keys: string[]) => keys.map((key) => ({ key, size: key.endsWith('/') ? 0 : 3 }))

  it('reports a key that is both an object and a folder, and keeps the folder', () => {
    const plan = planLocalTargets(entries('data/a', 'data/a/b', 'data/a/c/d', 'data/ab'), linux)
    expect(plan.files.map((f) => f.path)).toEqual(['a/b', 'a/c/d', 'ab'])
    expect(plan.rejected).toHaveLength(1)
    expect(plan.rejected[0]).toMatchObject({ key: 'data/a', problem: 'file-and-folder' })
    expect(plan.rejected[0]!.error.toValue()).toMatchObject({
      code: 'key-conflict',
      message: expect.stringMatching(
        /^the key "data\/a" is an object and also the folder of other objects under "data\/a\/"/,
      ),
    })
  })

  it('finds a file-and-folder conflict deeper down too', () => {
    const plan = planLocalTargets(entries('data/x/y', 'data/x/y/z'), linux)
    expect(plan.rejected.map((r) => [r.key, r.problem])).toEqual([['data/x/y', 'file-and-folder']])
  })

  it('reports keys that differ only in case where the file system ignores case, and only there', () => {
    const keys = entries('data/Report.pdf', 'data/report.pdf', 'data/Dir/a', 'data/dir')
    expect(planLocalTargets(keys, linux).rejected).toEqual([])
    const mac = planLocalTargets(keys, { ...linux, platform: 'darwin' })
    expect(mac.files.map((f) => f.key)).toEqual(['data/Dir/a', 'data/Report.pdf'])
    expect(mac.rejected.map((r) => [r.key, r.problem])).toEqual([
      ['data/dir', 'file-and-folder'],
      ['data/report.pdf', 'same-file'],
    ])
    expect(mac.rejected[1]!.error.message).toMatch(/same local file as "data\/Report\.pdf"/)
  })

  it('treats composed and decomposed accents as one file on macOS', () => {
    const plan = planLocalTargets(entries('data/caf\u00e9', 'data/cafe\u0301'), mac)
    expect(plan.files).toHaveLength(1)
    expect(plan.rejected.map((r) => r.problem)).toEqual(['same-file'])
  })

  it('lists folder markers apart, rejects hostile keys one by one and keeps the rest, sorted', () => {
    const plan = planLocalTargets(
      entries('data/z', 'data/', 'data/m/', 'data/../x', 'data/a//b', 'data/b'),
      linux,
    )
    expect(plan.files.map((f) => f.path)).toEqual(['b', 'z'])
    expect(plan.folderMarkers).toEqual(['data/', 'data/m/'])
    expect(plan.rejected.map((r) => [r.key, r.problem])).toEqual([
      ['data/../x', 'dot-segment'],
      ['data/a//b', 'empty-segment'],
    ])
  })
})
