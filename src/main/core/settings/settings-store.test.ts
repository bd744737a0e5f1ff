import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../shared/settings'
import { openConfStore } from '../node-adapters/conf-store'
import { SettingsStore } from './settings-store'

const MiB = 1024 * 1024

describe('SettingsStore', () => {
  const dirs: string[] = []
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-settings-'))
    dirs.push(dir)
    const store = openConfStore(dir)
    return { store, settings: new SettingsStore(store) }
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('starts from the defaults, keeps a change on disk, and leaves the other fields alone', () => {
    const { store, settings } = open()
    expect(settings.get()).toEqual(DEFAULT_SETTINGS)
    const seen: number[] = []
    settings.onChanged((s) => seen.push(s.concurrency))
    settings.save({ concurrency: 12, maxBytesPerSecond: 2 * MiB })
    expect(new SettingsStore(openConfStore(join(store.path, '..'))).get()).toEqual({
      ...DEFAULT_SETTINGS,
      concurrency: 12,
      maxBytesPerSecond: 2 * MiB,
    })
    expect(seen).toEqual([12])
    expect(settings.tuning()).toEqual({ partSize: 8 * MiB, concurrency: 12, maxBytesPerSecond: 2 * MiB })
  })

  it('reads a hand-edited file field by field: a bad value falls back to its default', () => {
    const { store, settings } = open()
    settings.save({ keepAwake: 'always' })
    const onDisk = JSON.parse(readFileSync(store.path, 'utf8')) as { settings: Record<string, unknown> }
    onDisk.settings['partSize'] = 1024
    onDisk.settings['resumeOnStart'] = 'yes'
    writeFileSync(store.path, JSON.stringify(onDisk))
    expect(settings.get()).toEqual({ ...DEFAULT_SETTINGS, keepAwake: 'always' })
  })
})
