import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { expandPaths } from './expand-paths'

describe('expandPaths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-expand-'))
  mkdirSync(join(dir, 'photos', '2026'), { recursive: true })
  writeFileSync(join(dir, 'photos', 'a.jpg'), 'a')
  writeFileSync(join(dir, 'photos', '2026', 'b c.jpg'), 'bb')
  writeFileSync(join(dir, 'note.txt'), 'n')
  symlinkSync(join(dir, 'photos'), join(dir, 'photos', '2026', 'loop'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('keeps a folder and its structure under the prefix; a trailing slash uploads its contents', async () => {
    const keys = (await expandPaths([join(dir, 'photos')], { prefix: 'backup/' })).map((f) => f.key)
    expect(keys).toEqual(['backup/photos/2026/b c.jpg', 'backup/photos/a.jpg'])
    const contents = (await expandPaths([join(dir, 'photos') + '/'], { prefix: '' })).map((f) => f.key)
    expect(contents).toEqual(['2026/b c.jpg', 'a.jpg'])
  })

  it('puts one file on an exact key, several under the prefix by name', async () => {
    expect(
      (await expandPaths([join(dir, 'note.txt')], { prefix: '', key: 'docs/readme.txt' }))[0],
    ).toMatchObject({ key: 'docs/readme.txt', size: 1 })
    const two = await expandPaths([join(dir, 'note.txt'), join(dir, 'photos', 'a.jpg')], { prefix: 'x/' })
    expect(two.map((f) => f.key)).toEqual(['x/note.txt', 'x/a.jpg'])
  })

  it('refuses missing paths, empty results and two files on one key', async () => {
    await expect(expandPaths([join(dir, 'missing')], { prefix: '' })).rejects.toMatchObject({
      code: 'source-missing',
    })
    mkdirSync(join(dir, 'empty'))
    await expect(expandPaths([join(dir, 'empty')], { prefix: '' })).rejects.toMatchObject({
      code: 'bad-input',
    })
    await expect(
      expandPaths([join(dir, 'note.txt'), join(dir, 'note.txt')], { prefix: '' }),
    ).rejects.toMatchObject({ code: 'bad-input' })
  })

  it('keeps name order, sizes and folders across batches of stats', async () => {
    // 70 files around two folders: more than one batch before, between and after them.
    const root = join(dir, 'many')
    const expected: string[] = []
    for (let i = 0; i < 70; i++) {
      const name = `f${String(i).padStart(2, '0')}`
      if (i === 10 || i === 50) {
        mkdirSync(join(root, `${name}-dir`), { recursive: true })
        writeFileSync(join(root, `${name}-dir`, 'inner'), 'i')
        expected.push(`${name}-dir/inner`)
      }
      mkdirSync(root, { recursive: true })
      writeFileSync(join(root, name), 'x'.repeat(i))
      expected.push(name)
    }
    expected.sort()
    const files = await expandPaths([root + '/'], { prefix: '' })
    expect(files.map((f) => f.key)).toEqual(expected)
    expect(files.find((f) => f.key === 'f42')?.size).toBe(42)
  })

  it('leaves out what --exclude names inside folders, and files under an excluded folder', async () => {
    const root = join(dir, 'site')
    mkdirSync(join(root, 'node_modules', 'pkg'), { recursive: true })
    mkdirSync(join(root, 'build'), { recursive: true })
    mkdirSync(join(root, 'src', 'build'), { recursive: true })
    for (const f of [
      'index.html',
      'draft.tmp',
      '.DS_Store',
      'node_modules/pkg/i.js',
      'build/app.js',
      'src/build/keep.js',
    ])
      writeFileSync(join(root, f), f)
    const keys = (
      await expandPaths(
        [root + '/'],
        { prefix: '' },
        { exclude: ['*.tmp', '.DS_Store', 'node_modules', '/build'] },
      )
    ).map((f) => f.key)
    expect(keys).toEqual(['index.html', 'src/build/keep.js'])
    // A file named on its own is what the person asked for: patterns do not apply to it.
    const named = await expandPaths([join(root, 'draft.tmp')], { prefix: '' }, { exclude: ['*.tmp'] })
    expect(named.map((f) => f.key)).toEqual(['draft.tmp'])
    await expect(expandPaths([root], { prefix: '' }, { exclude: ['*'] })).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/the exclude patterns left out all 6 files and folders/),
    })
  })
})
