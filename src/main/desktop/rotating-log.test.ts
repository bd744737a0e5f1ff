import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { forgetSecretsInUse, rememberSecret } from '../../shared/secrets-in-use'
import { RotatingLog } from './rotating-log'

describe('the diagnostics log', () => {
  const dirs: string[] = []
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'ferry-log-'))
    dirs.push(d)
    return d
  }
  afterEach(() => {
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }))
    forgetSecretsInUse()
  })

  it('writes one timestamped line per entry, a stack indented under it', () => {
    const log = new RotatingLog(dir(), { now: () => new Date('2026-12-07T06:00:00.000Z') })
    log.info('started')
    log.error('failed\n  at here')
    expect(log.read()).toBe(
      '2026-12-07T06:00:00.000Z INFO  started\n2026-12-07T06:00:00.000Z ERROR failed\n      at here\n',
    )
  })

  it('rotates at its size limit and keeps only the newest files', () => {
    const d = dir()
    const log = new RotatingLog(d, { maxBytes: 200, keep: 2 })
    for (let i = 0; i < 40; i++) log.info(`line ${String(i).padStart(2, '0')} ${'x'.repeat(40)}`)
    expect(readdirSync(d).sort()).toEqual(['ferry.1.log', 'ferry.2.log', 'ferry.log'])
    for (const f of readdirSync(d)) expect(statSync(join(d, f)).size).toBeLessThanOrEqual(200)
    const text = log.read()
    // The newest line is there, the oldest rotated away, and the order is oldest first.
    expect(text).toContain('line 39')
    expect(text).not.toContain('line 00')
    const numbers = [...text.matchAll(/line (\d+)/g)].map((m) => Number(m[1]))
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b))
  })

  it('carries on from the size already on disk after a restart', () => {
    const d = dir()
    new RotatingLog(d, { maxBytes: 150 }).info('x'.repeat(100))
    new RotatingLog(d, { maxBytes: 150 }).info('y'.repeat(100))
    expect(readdirSync(d).sort()).toEqual(['ferry.1.log', 'ferry.log'])
  })

  it('never writes a secret in use', () => {
    rememberSecret('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')
    const log = new RotatingLog(dir())
    log.error('signature failed for wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')
    expect(log.read()).toContain('signature failed for [redacted]')
    expect(log.read()).not.toContain('EXAMPLEKEY')
  })
})
