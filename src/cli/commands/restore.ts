import { resolveObject } from '../../main/core/objects/location'
import { restoreObject } from '../../main/core/objects/restore'
import { createS3Client } from '../../main/s3/client-factory'
import { RESTORE_TIERS, type RestoreTier } from '../../shared/archive'
import { EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { bucketOption, jsonOption } from '../common-options'
import { versionIdOption } from '../version-option'
import { writeJson } from '../output'

const DEFAULT_DAYS = 7

const STATUS_TEXT = {
  started: 'restore started',
  extended: 'already restored; the copy is now kept for the days given',
  'in-progress': 'a restore is already in progress',
} as const

export const command: CliCommand = {
  name: 'restore',
  summary: 'Restore an archived object (GLACIER, DEEP_ARCHIVE) so it can be downloaded',
  synopsis: ['ferry restore s3://BUCKET/KEY'],
  description:
    'Asks S3 for a temporary readable copy of an archived object, kept for --days days. ' +
    'Standard takes hours (3-5 for GLACIER, up to 12 for DEEP_ARCHIVE), Bulk longer and ' +
    'cheaper, Expedited minutes (GLACIER only). ferry head shows the progress ' +
    '("restore in progress", then "restored copy readable until ..."); download it once ' +
    'restored. An object in an Intelligent-Tiering archive tier is moved back to its frequent ' +
    'tier instead, and --days does not apply.',
  options: {
    days: {
      type: 'string',
      value: 'N',
      help: 'How many days the restored copy is kept.',
      byDefault: String(DEFAULT_DAYS),
    },
    tier: {
      type: 'string',
      value: 'TIER',
      help: 'Standard, Bulk or Expedited: how fast, and at what price.',
      byDefault: 'Standard',
    },
    'version-id': versionIdOption,
    json: jsonOption,
    bucket: bucketOption,
    ...connectionOptions,
  },
  examples: [
    { command: 'ferry restore s3://archive/2019.tar --days 3', meaning: 'A readable copy for 3 days.' },
    {
      command: 'ferry restore s3://archive/2019.tar --tier Bulk',
      meaning: 'The cheapest restore, kept 7 days.',
    },
  ],
  async run({ positionals, values, stdout, env }) {
    if (positionals.length !== 1) throw usageError(command, 'restore takes one object')
    const { bucket, key } = resolveObject(
      positionals[0]!,
      (values['bucket'] as string | undefined) ?? env['FERRY_BUCKET'],
    )
    const daysText = (values['days'] as string | undefined) ?? String(DEFAULT_DAYS)
    if (!/^\d+$/.test(daysText))
      throw usageError(command, `--days "${daysText}" is not a whole number of days`)
    const tierText = (values['tier'] as string | undefined) ?? 'Standard'
    const tier = RESTORE_TIERS.find((t) => t.toLowerCase() === tierText.toLowerCase())
    if (!tier) throw usageError(command, `--tier "${tierText}" is not Standard, Bulk or Expedited`)
    const versionId = values['version-id'] as string | undefined
    const client = createS3Client(connectionFrom(values, env))
    try {
      const outcome = await restoreObject(client, {
        bucket,
        key,
        days: Number(daysText),
        tier: tier satisfies RestoreTier,
        ...(versionId !== undefined ? { versionId } : {}),
      })
      if (values['json']) writeJson(stdout, { bucket, key, ...outcome }, env)
      else stdout.write(`s3://${bucket}/${key}: ${STATUS_TEXT[outcome.status]}\n`)
      return EXIT_OK
    } finally {
      client.destroy()
    }
  },
}
