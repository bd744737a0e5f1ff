// The person's transfer settings: what the Settings view edits, the store keeps, and every new
// transfer (and the app's start) follows. Each bound is S3's (s3-limits) or Ferry's own, and
// each message says what to enter instead.
import { z } from 'zod'
import { ifExistsSchema } from './domain/transfer'
import type { KeepAwakeSetting } from './keep-awake'
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_PART_SIZE,
  KiB,
  MAX_CONCURRENCY,
  MAX_PART_SIZE,
  MIN_PART_SIZE,
  MiB,
} from './s3-limits'

/**
 * The slowest limit accepted. The limiter spaces whole parts, so far below this a single
 * part would take minutes to be allowed out and the transfer looks stalled.
 */
export const MIN_BANDWIDTH_LIMIT = 64 * KiB
/** 10 GiB/s: above any link a desktop has; larger numbers are almost certainly a typo. */
export const MAX_BANDWIDTH_LIMIT = 10 * 1024 * MiB

const KEEP_AWAKE = ['on-ac', 'always', 'never'] as const satisfies readonly KeepAwakeSetting[]

export const settingsSchema = z.strictObject({
  /** Bytes per part of a multipart upload (a file too large for 10,000 such parts gets larger ones). */
  partSize: z
    .number()
    .int('The part size must be a whole number of bytes.')
    .min(
      MIN_PART_SIZE,
      `The part size must be at least ${MIN_PART_SIZE / MiB} MiB, S3's smallest part; enter 5 or more.`,
    )
    .max(
      MAX_PART_SIZE,
      `The part size must be at most ${MAX_PART_SIZE / MiB} MiB (5 GiB), S3's largest part; enter 5120 or less.`,
    ),
  /** Parts in flight at once, per file. Memory held is about concurrency x part size per file. */
  concurrency: z
    .number()
    .int('Concurrency must be a whole number.')
    .min(1, 'Concurrency must be at least 1 part at a time.')
    .max(
      MAX_CONCURRENCY,
      `Concurrency must be at most ${MAX_CONCURRENCY} parts at a time; enter ${MAX_CONCURRENCY} or less.`,
    ),
  /** Bytes per second for all transfers together; 0 for no limit. */
  maxBytesPerSecond: z
    .number()
    .int('The bandwidth limit must be a whole number of bytes per second.')
    .min(0, 'The bandwidth limit cannot be negative; enter 0 for no limit.')
    .max(MAX_BANDWIDTH_LIMIT, 'The bandwidth limit must be at most 10 GiB/s; enter 0 for no limit.')
    .refine(
      (n) => n === 0 || n >= MIN_BANDWIDTH_LIMIT,
      `The bandwidth limit must be at least ${MIN_BANDWIDTH_LIMIT / KiB} KiB/s; enter 0 for no limit.`,
    ),
  /** What the upload sheet proposes when a key is taken. */
  ifExists: ifExistsSchema,
  /** Keep the computer from sleeping while data moves. */
  keepAwake: z.enum(KEEP_AWAKE, 'Keep awake must be "on-ac", "always" or "never".'),
  /** Carry on with unfinished transfers when Ferry starts (else they wait, paused). */
  resumeOnStart: z.boolean('Resume at start must be true or false.'),
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
