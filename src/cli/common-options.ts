// Options several commands share with the same meaning. Where the meaning differs (what
// --concurrency counts), each command describes its own.
import { MiB } from '../shared/s3-limits'
import type { CliOption } from './command'

export const jsonOption = {
  type: 'boolean',
  help: 'Print one JSON object per line (each event or entry) instead of text, for scripts.',
} as const satisfies CliOption

/** --bucket: for commands that name objects, so a bare KEY means s3://BUCKET/KEY. */
export const bucketOption = {
  type: 'string',
  value: 'BUCKET',
  help: 'The bucket of objects named by a bare KEY instead of s3://BUCKET/KEY.',
  byDefault: '$FERRY_BUCKET',
} as const satisfies CliOption

export const ifExistsOption = {
  type: 'string',
  value: 'fail|overwrite|skip',
  help: 'What to do when the destination already exists: stop with an error, replace it, or keep it and skip.',
  byDefault: 'fail',
} as const satisfies CliOption

export const contentTypeOption = {
  type: 'string',
  value: 'TYPE',
  help: 'The Content-Type header to store with the object.',
} as const satisfies CliOption

export const cacheControlOption = {
  type: 'string',
  value: 'VALUE',
  help: 'The Cache-Control header to store with the object, e.g. "max-age=3600".',
} as const satisfies CliOption

export const contentDispositionOption = {
  type: 'string',
  value: 'VALUE',
  help: 'The Content-Disposition header to store with the object, e.g. "attachment".',
} as const satisfies CliOption

export const storageClassOption = {
  type: 'string',
  value: 'CLASS',
  help: 'The storage class, e.g. STANDARD_IA or GLACIER_IR; the store must offer it.',
  byDefault: "the bucket's default (STANDARD on AWS)",
} as const satisfies CliOption

/** A default size as the options are written: "8MiB". */
export const sizeText = (bytes: number): string => (bytes % MiB === 0 ? `${bytes / MiB}MiB` : `${bytes}`)
