// The options of the commands that run transfers through the transfer manager (upload, resume,
// stream, get, sync), and the parsing of their values.
import { DEFAULT_MAX_ACTIVE_FILES, MAX_ACTIVE_FILES } from '../main/core/transfers/transfer-manager'
import { filterRules, type FilterRule } from '../shared/key-filter'
import { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE } from '../shared/s3-limits'
import { usageError, type CliCommand, type CliOption, type OptionTable } from './command'
import { sizeText } from './common-options'
import { badInput } from '../shared/errors'
import { parseSize } from '../shared/sizes'

/** --concurrency: the parts of one file in flight (upload, resume, stream). */
export const concurrencyOption = {
  type: 'string',
  value: 'N',
  help: 'How many parts of each file are in flight at once; memory is N x the part size per file.',
  byDefault: String(DEFAULT_CONCURRENCY),
} as const satisfies CliOption

/** For commands that run many files: upload, resume. */
export const transfersOption = {
  transfers: {
    type: 'string',
    value: 'N',
    help: `How many files transfer at once, from 1 to ${MAX_ACTIVE_FILES}; a large file waits until its parts fit the memory budget.`,
    byDefault: String(DEFAULT_MAX_ACTIVE_FILES),
  },
} as const satisfies OptionTable

/** --part-size for uploads (upload, stream). */
export const partSizeOption = {
  type: 'string',
  value: 'SIZE',
  help: 'The size of each part of a multipart upload (5MiB to 5GiB); larger when a file would need more than 10,000 parts.',
  byDefault: sizeText(DEFAULT_PART_SIZE),
} as const satisfies CliOption

/** --max-rate: `help` says what it limits (every file of the command together, in either direction). */
export const maxRateOption = (help: string) =>
  ({ type: 'string', value: 'SIZE', help, byDefault: 'no limit' }) as const satisfies CliOption

/** Bytes per second from "10MiB" or "10MiB/s"; 0 is refused (no limit is no --max-rate). */
export function parseMaxRate(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined
  const rate = parseSize(text.replace(/\/s$/i, ''), '--max-rate')
  if (rate === 0)
    throw badInput(
      `--max-rate "${text}" is not a rate`,
      'Give bytes per second, such as 10MiB, or leave --max-rate out for no limit.',
    )
  return rate
}

export function parseConcurrency(
  command: Pick<CliCommand, 'name' | 'synopsis'>,
  text: unknown,
): number | undefined {
  if (typeof text !== 'string') return undefined
  if (!/^\d+$/.test(text.trim())) throw usageError(command, `--concurrency "${text}" is not a whole number`)
  return Number(text)
}

/** --transfers: how many files upload at once (each with up to --concurrency parts in flight). */
export function parseTransfers(
  command: Pick<CliCommand, 'name' | 'synopsis'>,
  text: unknown,
): number | undefined {
  if (typeof text !== 'string') return undefined
  const n = Number(text.trim())
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > MAX_ACTIVE_FILES)
    throw usageError(command, `--transfers "${text}" is not a whole number from 1 to ${MAX_ACTIVE_FILES}`)
  return n
}

const stringsOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [])

/** The --exclude and --include rules of a tree download or a sync, as the options were parsed. */
export const filterRulesOf = (values: Record<string, unknown>): FilterRule[] =>
  filterRules(stringsOf(values['exclude']), stringsOf(values['include']))
