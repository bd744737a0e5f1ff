// The person's transfer settings: what the Settings view edits, the store keeps, and every new
// transfer (and the app's start) follows. Each bound is S3's (s3-limits) or Ferry's own, and
// each message says what to enter instead.
import { z } from 'zod'
import { ifExistsSchema } from './domain/transfer'
import type { KeepAwakeSetting } from './keep-awake'
import { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE } from './s3-limits'
import { bandwidthProblem, concurrencyProblem, partSizeProblem } from './settings-limits'

export { MAX_BANDWIDTH_LIMIT, MIN_BANDWIDTH_LIMIT } from './settings-limits'

const KEEP_AWAKE = ['on-ac', 'always', 'never'] as const satisfies readonly KeepAwakeSetting[]

/** A zod check from a problem function: one message, shared with the renderer's form. */
const checked = (problem: (n: number) => string | undefined) =>
  z.number().superRefine((n, ctx) => {
    const said = problem(n)
    if (said) ctx.addIssue({ code: 'custom', message: said })
  })

export const settingsSchema = z.strictObject({
  /** Bytes per part of a multipart upload (a file too large for 10,000 such parts gets larger ones). */
  partSize: checked(partSizeProblem),
  /** Parts in flight at once, per file. Memory held is about concurrency x part size per file. */
  concurrency: checked(concurrencyProblem),
  /** Bytes per second for all transfers together; 0 for no limit. */
  maxBytesPerSecond: checked(bandwidthProblem),
  /** What the upload sheet proposes when a key is taken. */
  ifExists: ifExistsSchema,
  /** Keep the computer from sleeping while data moves. */
  keepAwake: z.enum(KEEP_AWAKE, 'Keep awake must be "on-ac", "always" or "never".'),
  /** Carry on with unfinished transfers when Ferry starts (else they wait, paused). */
  resumeOnStart: z.boolean('Resume at start must be true or false.'),
  /** Start Ferry, hidden in the tray, when the person logs in. */
  openAtLogin: z.boolean('Open at login must be true or false.'),
})
export type Settings = z.output<typeof settingsSchema>

/** A change to some settings; the others keep their values. */
export const settingsChangeSchema = settingsSchema.partial()
export type SettingsChange = z.input<typeof settingsChangeSchema>

export const DEFAULT_SETTINGS: Settings = {
  partSize: DEFAULT_PART_SIZE,
  concurrency: DEFAULT_CONCURRENCY,
  maxBytesPerSecond: 0,
  ifExists: 'fail',
  keepAwake: 'on-ac',
  resumeOnStart: true,
  openAtLogin: false,
}

/**
 * The stored settings, each field checked on its own: one bad value (an edited file, an older
 * version's) falls back to its default instead of discarding the others.
 */
export function settingsFrom(stored: unknown): Settings {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {}
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS }
  for (const [name, schema] of Object.entries(settingsSchema.shape)) {
    const parsed = (schema as z.ZodType).safeParse(record[name])
    if (parsed.success) out[name] = parsed.data
  }
  return out as Settings
}

/** FERRY_RESUME_ON_START=0 or 1 overrides the setting (tests, and people who script the app). */
export function resumeOnStartFrom(env: Record<string, string | undefined>, settings: Settings): boolean {
  const forced = env['FERRY_RESUME_ON_START']
  if (forced === '0') return false
  if (forced === '1') return true
  return settings.resumeOnStart
}
