// The Settings form holds text as typed, in the units people think in (MiB, MiB/s); each
// field is checked with the same functions main's schema applies, so the message shown is the
// one main would give, and nothing invalid is sent.
import type { Settings } from '../../../shared/settings'
import { bandwidthProblem, concurrencyProblem, partSizeProblem } from '../../../shared/settings-limits'
import { MiB } from '../../../shared/s3-limits'

export interface SettingsDraft {
  partSizeMiB: string
  concurrency: string
  /** Blank or 0: no limit. */
  bandwidthMiBps: string
  ifExists: Settings['ifExists']
  keepAwake: Settings['keepAwake']
  resumeOnStart: boolean
  openAtLogin: boolean
}

const trimNumber = (n: number) => String(Math.round(n * 1000) / 1000)

export function draftFromSettings(s: Settings): SettingsDraft {
  return {
    partSizeMiB: trimNumber(s.partSize / MiB),
    concurrency: String(s.concurrency),
    bandwidthMiBps: s.maxBytesPerSecond === 0 ? '' : trimNumber(s.maxBytesPerSecond / MiB),
    ifExists: s.ifExists,
    keepAwake: s.keepAwake,
    resumeOnStart: s.resumeOnStart,
    openAtLogin: s.openAtLogin,
  }
}

export type DraftCheck =
  | { valid: true; settings: Settings; problems: Record<string, never> }
  | { valid: false; problems: Partial<Record<'partSize' | 'concurrency' | 'maxBytesPerSecond', string>> }

const PROBLEMS = {
  partSize: partSizeProblem,
  concurrency: concurrencyProblem,
  maxBytesPerSecond: bandwidthProblem,
}

const numberFrom = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.trim()))

export function checkSettingsDraft(d: SettingsDraft): DraftCheck {
  const problems: Partial<Record<'partSize' | 'concurrency' | 'maxBytesPerSecond', string>> = {}
  const values = {
    partSize: Math.round(numberFrom(d.partSizeMiB) * MiB),
    concurrency: numberFrom(d.concurrency),
    maxBytesPerSecond: d.bandwidthMiBps.trim() === '' ? 0 : Math.round(numberFrom(d.bandwidthMiBps) * MiB),
  }
  for (const field of ['partSize', 'concurrency', 'maxBytesPerSecond'] as const) {
    const value = values[field]
    if (Number.isNaN(value)) {
      problems[field] =
        field === 'maxBytesPerSecond' ? 'Enter a number, or leave it blank for no limit.' : 'Enter a number.'
      continue
    }
    const problem = PROBLEMS[field](value)
    if (problem) problems[field] = problem
  }
  if (Object.keys(problems).length > 0) return { valid: false, problems }
  return {
    valid: true,
    problems: {},
    settings: {
      ...values,
      ifExists: d.ifExists,
      keepAwake: d.keepAwake,
      resumeOnStart: d.resumeOnStart,
      openAtLogin: d.openAtLogin,
    },
  }
}
