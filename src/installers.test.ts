// The installers' configuration (electron-builder.yml) against electron-builder's own schema,
// through scripts/dist-check.mjs; a wrong option must fail the same check.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..')
const check = (...args: string[]) =>
  promisify(execFile)(process.execPath, [join(root, 'scripts/dist-check.mjs'), ...args], { cwd: root }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  )

describe('the installers’ configuration', () => {
  it('validates against electron-builder’s schema, with every file it names present', async () => {
    const run = await check('config')
    expect(run.stderr).not.toContain('dist-check:')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('dist-check config: ok')
  }, 60_000)

  it('refuses an option electron-builder does not know', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-builder-'))
    try {
      const broken = join(dir, 'electron-builder.yml')
      const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8')
      writeFileSync(
        broken,
        text.replace('  category: Utility\n', '  category: Utility\n  trayIconColour: blue\n'),
      )
      const run = await check('config', broken)
      expect(run.code).toBe(1)
      expect(run.stderr).toContain('does not match the API schema')
      expect(run.stderr).toContain('configuration.linux')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('refuses a configuration that would keep native addons inside app.asar', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-builder-'))
    try {
      const broken = join(dir, 'electron-builder.yml')
      const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8')
      expect(text).toContain('asar: true\n')
      writeFileSync(broken, text.replace('asar: true\n', 'asar:\n  smartUnpack: false\n'))
      const run = await check('config', broken)
      expect(run.code).toBe(1)
      expect(run.stderr).toContain("native addons would stay inside app.asar: add '**/*.node' to asarUnpack")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('puts ferry on the PATH from the .deb, through an executable launcher', () => {
    expect(readFileSync(join(root, 'build/linux/after-install.sh'), 'utf8')).toContain(
      "ln -sf '/opt/${sanitizedProductName}/resources/bin/ferry' '/usr/bin/ferry'",
    )
    expect(readFileSync(join(root, 'build/linux/after-remove.sh'), 'utf8')).toContain(
      "rm -f '/usr/bin/ferry'",
    )
    expect(statSync(join(root, 'build/cli/ferry')).mode & 0o111).not.toBe(0)
    expect(readFileSync(join(root, 'build/cli/ferry'), 'utf8')).toContain('ELECTRON_RUN_AS_NODE=1 exec')
  })
})
