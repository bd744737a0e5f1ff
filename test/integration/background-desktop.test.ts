// Ferry with its window closed, through the main side's desktop port as the app runs it: the
// tray's tooltip follows a real upload to radosgw, its Pause all and Resume all act on it, the
// quit question appears only while something runs, the diagnostics log records each
// transfer's lifecycle, and Export diagnostics writes a report a bug can carry.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { freshBucket, saveTestConnection, testClient } from '../support/s3'
import { enginePath, MiB, tempDir, waitUntil, writeRandomFile } from './upload-support'

describe('background mode and diagnostics', () => {
  const s3 = testClient()
  const tmp = tempDir('background')
  const stateDir = join(tmp.dir, 'state')
  let main: HeadlessMain
  let connectionId: string
  let bucket: string

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'background')
    main = createHeadlessMain({ stateDir, enginePath })
    connectionId = await saveTestConnection(main)
  })
  afterAll(async () => {
    await main.close()
    tmp.cleanup()
  })

  it('shows progress in the tray, pauses and resumes from it, and asks before quitting only while it runs', async () => {
    const desktop = main.desktop
    expect(desktop.tray?.tooltip).toBe('Ferry')
    expect(desktop.openAtLogin).toBe(false)
    // Slow enough to see it running: 24 MiB at 4 MiB/s.
    await main.dispatch('settings:save', { maxBytesPerSecond: 4 * MiB })
    const file = join(tmp.dir, 'slow.bin')
    writeRandomFile(file, 24 * MiB)
    const started = await main.dispatch('transfers:upload', { connectionId, bucket, paths: [file] })
    if (!started.ok) throw new Error(started.error.message)
    const [upload] = started.value as TransferSummary[]

    await waitUntil('the tray shows the upload', () =>
      /^Ferry: 1 transfer, \d+% of 24 MiB$/.test(desktop.tray!.tooltip),
    )
    expect(await main.background.confirmQuit()).toBe(false)
    expect(desktop.questions).toHaveLength(1)
    expect(desktop.questions[0]!.message).toBe('1 transfer is still running. Quit anyway?')
    expect(desktop.questions[0]!.detail).toContain(
      'resume from where they stopped the next time Ferry starts',
    )
    // Asking brought the window back, so the question has somewhere to sit.
    expect(main.shellRequests.show).toBeGreaterThan(0)

    desktop.pickTrayItem('pause-all')
    await waitUntil('the tray says it is paused', () => desktop.tray!.tooltip === 'Ferry: 1 transfer paused')
    expect(() => desktop.pickTrayItem('pause-all')).toThrow(/no enabled "pause-all"/)
    // Nothing runs: quitting asks nothing.
    expect(await main.background.confirmQuit()).toBe(true)
    expect(desktop.questions).toHaveLength(1)

    await main.dispatch('settings:save', { maxBytesPerSecond: 0 })
    desktop.pickTrayItem('resume-all')
    // waitFor would answer with the run that paused; the resumed one ends on its own.
    await waitUntil(
      'the resumed upload finishes',
      () => main.core.transfers.get(upload!.id)?.state === 'done',
      60_000,
    )
    await waitUntil('the tray is idle again', () => desktop.tray!.tooltip === 'Ferry')
    desktop.pickTrayItem('quit')
    expect(main.shellRequests.quit).toBe(1)

    // The login item follows the setting.
    await main.dispatch('settings:save', { openAtLogin: true })
    expect(desktop.openAtLogin).toBe(true)
    await main.dispatch('settings:save', { openAtLogin: false })
    expect(desktop.openAtLogin).toBe(false)

    const log = readFileSync(join(stateDir, 'logs', 'ferry.log'), 'utf8')
    expect(log).toMatch(/INFO {2}Ferry \S+ started on/)
    expect(log).toMatch(
      new RegExp(`upload ${upload!.id} s3://${bucket}/slow.bin \\w+, 0 B of 24 MiB \\(from ${file}\\)`),
    )
    expect(log).toContain(`upload ${upload!.id} s3://${bucket}/slow.bin paused`)
    expect(log).toMatch(new RegExp(`upload ${upload!.id} s3://${bucket}/slow.bin done, 24 MiB.*, verified`))
  })

  it('logs a failure with its reason, and exports diagnostics to the file the person picks', async () => {
    const file = join(tmp.dir, 'nowhere.txt')
    writeRandomFile(file, 10)
    const started = await main.dispatch('transfers:upload', {
      connectionId,
      bucket: `${bucket}-missing`,
      paths: [file],
    })
    if (!started.ok) throw new Error(started.error.message)
    const [failing] = started.value as TransferSummary[]
    expect((await main.core.transfers.waitFor(failing!.id)).summary.state).toBe('failed')

    // The log follows change events, which come up to 100 ms after the outcome.
    const logFile = join(stateDir, 'logs', 'ferry.log')
    await waitUntil('the failure is logged', () =>
      readFileSync(logFile, 'utf8').includes(`ERROR upload ${failing!.id}`),
    )
    const target = join(tmp.dir, 'report.json')
    main.desktop.answerSavePick(target)
    expect(main.menu('export-diagnostics')).toBe('done')
    await waitUntil('the report is written', () => existsSync(target))
    await waitUntil('the report is whole', () => readFileSync(target, 'utf8').endsWith('}\n'))
    const report = JSON.parse(readFileSync(target, 'utf8')) as {
      versions: Record<string, string>
      platform: string
      settings: Record<string, unknown>
      connections: { name: string; endpoint: string }[]
      transfers: { states: Record<string, number>; failed: { id: string; error: { code: string } }[] }
      log: string[]
    }
    expect(report.versions['Node']).toBe(process.versions.node)
    expect(report.platform).toContain(process.platform)
    expect(report.settings['resumeOnStart']).toBe(true)
    expect(report.connections.map((c) => c.name)).toEqual(['radosgw'])
    expect(report.transfers.states).toEqual({ done: 1, failed: 1 })
    expect(report.transfers.failed).toEqual([
      expect.objectContaining({
        id: failing!.id,
        error: expect.objectContaining({ code: 'bucket-missing' }),
      }),
    ])
    expect(
      report.log.some((l) => l.includes(`ERROR upload ${failing!.id}`) && l.includes('[bucket-missing]')),
    ).toBe(true)

    // Cancelled, the save dialog writes nothing.
    expect(await main.dispatch('app:export-diagnostics', {})).toEqual({ ok: true, value: null })
  })
})
