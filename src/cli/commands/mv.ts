import { resolveLocation } from '../../main/core/objects/location'
import { DEFAULT_MAX_ACTIVE_FILES } from '../../main/core/transfers/run-queue'
import { ifExistsSchema } from '../../shared/domain/transfer'
import { moveSourceOf } from '../../shared/move-plan'
import { DEFAULT_CONCURRENCY, DEFAULT_COPY_PART_SIZE, MAX_COPY_OBJECT_SIZE } from '../../shared/s3-limits'
import { parseSize } from '../../shared/sizes'
import { usageError, type CliCommand } from '../command'
import { bucketOption, ifExistsOption, jsonOption, sizeText } from '../common-options'
import { connectionFrom, connectionOptions } from '../connection-options'
import { runMoveCommand } from '../move-run'
import { parseConcurrency, parseTransfers, transfersOption } from '../transfer-options'

/** The options mv and cp share for copies of many objects. */
export const copySetOptions = {
  'if-exists': ifExistsOption,
  ...transfersOption,
  'part-size': {
    type: 'string',
    value: 'SIZE',
    help: 'The size of each part copied, for objects over the multipart threshold.',
    byDefault: sizeText(DEFAULT_COPY_PART_SIZE),
  },
  'multipart-threshold': {
    type: 'string',
    value: 'SIZE',
    help: 'Objects larger than this are copied part by part; for stores whose single copy stops below 5 GiB.',
    byDefault: sizeText(MAX_COPY_OBJECT_SIZE),
  },
  concurrency: {
    type: 'string',
    value: 'N',
    help: 'How many parts of each object are copied at once.',
    byDefault: String(DEFAULT_CONCURRENCY),
  },
} as const

type Parsed = Record<string, unknown>

/** --if-exists, --transfers and the part options, checked. */
export function copySetValues(command: Pick<CliCommand, 'name' | 'synopsis'>, values: Parsed) {
  const ifExists = ifExistsSchema.safeParse(values['if-exists'] ?? 'fail')
  if (!ifExists.success)
    throw usageError(command, `--if-exists "${String(values['if-exists'])}" is not fail, overwrite or skip`)
  const tuning: { partSize?: number; concurrency?: number; multipartThreshold?: number } = {}
  if (typeof values['part-size'] === 'string') tuning.partSize = parseSize(values['part-size'], '--part-size')
  if (typeof values['multipart-threshold'] === 'string')
    tuning.multipartThreshold = parseSize(values['multipart-threshold'], '--multipart-threshold')
  const concurrency = parseConcurrency(command, values['concurrency'])
  if (concurrency !== undefined) tuning.concurrency = concurrency
  const transfers = parseTransfers(command, values['transfers'])
  return { ifExists: ifExists.data, tuning, ...(transfers !== undefined ? { transfers } : {}) }
}

export const command: CliCommand = {
  name: 'mv',
  summary: 'Move or rename an object or a whole prefix inside the store, verified, resumable',
  synopsis: [
    'ferry mv s3://BUCKET/KEY s3://BUCKET/KEY | s3://BUCKET/PREFIX/',
    'ferry mv s3://BUCKET/PREFIX/ s3://BUCKET/PREFIX/',
  ],
  description:
    'Moves objects without downloading them: each is copied server-side (part by part above 5 GiB), ' +
    'with its metadata, headers and tags; the copy is checked against the source (ETag and size), ' +
    'and only then is the source deleted. A source ending in "/" moves every key under it, ' +
    `${DEFAULT_MAX_ACTIVE_FILES} objects at once by default; a destination ending in "/" keeps an ` +
    "object's name. The move is journaled: stopped or killed, the same command (or ferry resume " +
    '--all) finishes it, and every object ends at its new key exactly once. A folder cannot move ' +
    'into itself. --if-exists decides what happens to a destination that is already there.',
  options: {
    ...copySetOptions,
    json: jsonOption,
    bucket: bucketOption,
    ...connectionOptions,
  },
  examples: [
    { command: 'ferry mv s3://my-bucket/photos/ s3://my-bucket/pictures/', meaning: 'Rename a folder.' },
    {
      command: 'ferry mv s3://my-bucket/report.pdf s3://archive/2024/',
      meaning: 'Move one object into another bucket.',
    },
    {
      command: 'ferry mv s3://my-bucket/logs/ s3://my-bucket/old-logs/ --if-exists skip',
      meaning: 'Move what is not already at the destination; leave the rest.',
    },
  ],
  async run(ctx) {
    const { positionals, values, env } = ctx
    if (positionals.length !== 2) throw usageError(command, 'mv takes a source and a destination')
    const defaultBucket = (values['bucket'] as string | undefined) ?? env['FERRY_BUCKET']
    const source = moveSourceOf(resolveLocation(positionals[0]!, defaultBucket))
    const destination = resolveLocation(positionals[1]!, defaultBucket)
    const parsed = copySetValues(command, values)
    return runMoveCommand(ctx, {
      op: 'move',
      source,
      destination,
      ...parsed,
      connection: connectionFrom(values, env),
    })
  },
}
