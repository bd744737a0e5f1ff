import { badInput } from './errors'
import { GiB, KiB, MiB, TiB } from './s3-limits'

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: KiB,
  kb: KiB,
  kib: KiB,
  m: MiB,
  mb: MiB,
  mib: MiB,
  g: GiB,
  gb: GiB,
  gib: GiB,
  t: TiB,
  tb: TiB,
  tib: TiB,
}

/** Parses "8MB", "8MiB", "5m", "1048576". Units are binary, as aws-cli treats them. */
export function parseSize(text: string, what = 'size'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text)
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined
  if (!match || unit === undefined) {
    throw badInput(
      `${what} "${text}" is not a size`,
      `Write a number with an optional unit, e.g. 8MiB, 64MB or 1GiB.`,
    )
  }
  const bytes = Math.round(Number(match[1]) * unit)
  if (!Number.isSafeInteger(bytes)) {
    throw badInput(`${what} "${text}" is too large`, 'Write a size of at most a few TiB, e.g. 5TiB.')
  }
  return bytes
}

export function formatBytes(n: number): string {
  if (n < KiB) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  // Round before choosing the unit: 1 MiB - 1 byte reads "1.0 MiB", not "1024 KiB".
  const shown = (v: number) => (v < 9.95 ? Number(v.toFixed(1)) : Math.round(v))
  let value = n / KiB
  let i = 0
  while (shown(value) >= 1024 && i < units.length - 1) {
    value /= 1024
    i++
  }
  const v = shown(value)
  return `${v < 10 ? v.toFixed(1) : v} ${units[i]}`
}

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }

/** Parses "90s", "15m", "24h", "7d" into seconds. */
export function parseDuration(text: string, what = 'duration'): number {
  const match = /^\s*(\d+)\s*([smhdw]?)\s*$/.exec(text)
  if (!match)
    throw badInput(
      `${what} "${text}" is not a duration`,
      'Write a whole number with a unit: 90s, 15m, 24h or 7d.',
    )
  return Number(match[1]) * (DURATION_UNITS[match[2] || 's'] ?? 1)
}
