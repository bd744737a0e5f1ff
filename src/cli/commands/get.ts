import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { keyBaseName, resolveObject } from '../../main/core/objects/location'
import type { DownloadIfExists } from '../../shared/engine-protocol'
import { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE } from '../../shared/s3-limits'
import { parseSize } from '../../shared/sizes'
import { usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { bucketOption, ifExistsOption, jsonOption, sizeText } from '../common-options'
import { customerKeyFrom, customerKeyOption } from '../protection-options'
import { versionIdOption } from '../version-option'
import { DEFAULT_MAX_ACTIVE_FILES, MAX_ACTIVE_FILES } from '../../main/core/transfers/transfer-manager'
import type { TreeDownloadRequest } from '../../main/core/transfers/download-tree'
import { filterRulesOf, maxRateOption, parseMaxRate, parseTransfers } from '../transfer-options'
import { isS3Url } from '../../shared/s3-url'
import { runTreeCommand, treeSource } from '../tree-download'
import { runStdoutDownload } from '../get-stdout'
import { runSingleDownload } from '../single-download'

const IF_EXISTS = ['fail', 'overwrite', 'skip'] as const

/** FILE, or a folder (existing, or written with a trailing slash) that gets the key's name. */
async function targetPath(given: string | undefined, key: string): Promise<string> {
  const name = keyBaseName(key)
  const isFolder =
    given === undefined ||
    /[/\\]$/.test(given) ||
    (await stat(given).catch(() => undefined))?.isDirectory() === true
  if (!isFolder) return given
  if (name === '' || name === '.' || name === '..') {
    throw usageError(command, `the key "${key}" has no file name to save it under`)
  }
  return join(given ?? '.', name)
}

export const command: CliCommand = {
  name: 'get',
  summary: 'Download objects or whole prefixes (parallel, resumable, verified against their ETags)',
  synopsis: [
    'ferry get s3://BUCKET/KEY [FILE | FOLDER | -]',
    'ferry get s3://BUCKET/PREFIX/ [s3://BUCKET/PREFIX2/ | s3://BUCKET/KEY ...] FOLDER',
  ],
  description:
    'Downloads one object to FILE, or into FOLDER under the last part of its key (the current ' +
    'folder when neither is given). Ranges are fetched in parallel into a partial file beside ' +
    'the target, which takes the final name only once every byte is there and has been checked ' +
    "against the object's ETag. A download stopped by Ctrl-C, a crash or a lost network resumes " +
    'from the ranges it has when you run the same command again; an object that changed in the ' +
    'meantime is fetched anew. A source ending in "/" (or any source with --recursive) is a ' +
    'prefix: every object under it is downloaded into FOLDER, keeping the path below the ' +
    'prefix, several at once; several sources may be given, the last argument is then the ' +
    'folder. A key that cannot be a file there ("..", an absolute path, "a//b", a name too ' +
    'long, an object that is also a folder) is refused with its own error and the others ' +
    'carry on; nothing is ever written outside FOLDER. Every download is journaled: ferry ' +
    'transfers lists it with its ID, and after a crash the same command (or ferry resume ID, ' +
    'ferry resume --all) finishes it without fetching again the files and ranges it already ' +
    'has; ferry cancel ID gives it up. "-" writes the object to standard output instead, for ' +
    'a pipe: checked against its ETag as it goes out (a mismatch is an error at the end), not ' +
    'journaled.',
  options: {
    'part-size': {
      type: 'string',
      value: 'SIZE',
      help: 'The size of each range fetched; larger when the object would need more than 10,000.',
      byDefault: sizeText(DEFAULT_PART_SIZE),
    },
    concurrency: {
      type: 'string',
      value: 'N',
      help: 'How many ranges are fetched at once.',
      byDefault: String(DEFAULT_CONCURRENCY),
    },
    force: { type: 'boolean', help: 'Replace a file that exists (the same as --if-exists overwrite).' },
    'if-exists': {
      ...ifExistsOption,
      help: 'What to do when the file exists: stop with an error, replace it, or keep it.',
    },
    'max-rate': maxRateOption(
      'Limit the whole download, all objects together, to this many bytes per second, e.g. 10MiB ' +
        '(or 10MiB/s); the objects take turns in small slices, so small files are not held up behind large ones.',
    ),
    ...customerKeyOption,
    recursive: {
      type: 'boolean',
      short: 'r',
      help: 'Read every source as a prefix, also one not ending in "/" (s3://B/photos means s3://B/photos/).',
    },
    exclude: {
      type: 'string',
      multiple: true,
      value: 'PATTERN',
      help:
        'Leave out keys below the prefix that match, read as a .gitignore line ("*.tmp", "cache/", ' +
        '"logs/**"). May be repeated; --include rules are applied after --exclude rules, the last match wins.',
    },
    include: {
      type: 'string',
      multiple: true,
      value: 'PATTERN',
      help:
        'Keep keys that match even if an --exclude matched them; given alone, only keys that match ' +
        'are downloaded. May be repeated.',
    },
    transfers: {
      type: 'string',
      value: 'N',
      help: `How many objects download at once (prefixes and several sources), from 1 to ${MAX_ACTIVE_FILES}; each large one still fetches --concurrency ranges at once.`,
      byDefault: String(DEFAULT_MAX_ACTIVE_FILES),
    },
    'dry-run': {
      type: 'boolean',
      help: 'List what would be written where, and the keys that would be refused; only lists the prefix, writes nothing.',
    },
    'version-id': {
      ...versionIdOption,
      help: 'Download this version of the one object named (ferry ls --versions lists them).',
    },
    json: jsonOption,
    bucket: bucketOption,
    ...connectionOptions,
  },
  examples: [
    { command: 'ferry get s3://my-bucket/backups/2024.tar', meaning: 'Download to ./2024.tar.' },
    {
      command: 'ferry get s3://my-bucket/backups/2024.tar.gz -',
      meaning: 'Write it to standard output, e.g. for | tar -xz, checked as it goes.',
    },
    {
      command: 'ferry get s3://my-bucket/video.mp4 ~/Videos/ --max-rate 20MiB --if-exists skip',
      meaning: 'Download into ~/Videos at most 20 MiB/s, keeping a file already there.',
    },
    {
      command: 'ferry get s3://my-bucket/photos/2024/ ~/Pictures/2024 --exclude "*.tmp" --transfers 32',
      meaning: 'Download every object under photos/2024/ into ~/Pictures/2024, 32 at once, without *.tmp.',
    },
  ],
  async run(ctx) {
    const { positionals, values, env } = ctx
    if (positionals.length < 1) throw usageError(command, 'get takes an object or a prefix to download')
    const defaultBucket = (values['bucket'] as string | undefined) ?? env['FERRY_BUCKET']
    const recursive = values['recursive'] === true
    const sources = positionals.length > 2 ? positionals.slice(0, -1) : positionals.slice(0, 1)
    const tree = recursive || positionals.length > 2 || sources.some((s) => s.endsWith('/'))
    if (positionals.length > 1 && isS3Url(positionals.at(-1)!))
      throw usageError(command, `the last argument, ${positionals.at(-1)}, must be a local file or folder`)
    const versionId = values['version-id'] as string | undefined
    if (tree && positionals.at(-1) === '-')
      throw usageError(command, '"-" (standard output) takes one object, not a prefix')
    if (tree && versionId !== undefined)
      throw usageError(command, '--version-id downloads one version of one object, not a prefix')
    if (!tree) {
      for (const flag of ['exclude', 'include', 'transfers', 'dry-run'])
        if (values[flag] !== undefined)
          throw usageError(
            command,
            `--${flag} applies to prefixes; end the source with "/" or add --recursive`,
          )
    }
    const ifExistsFlag = values['if-exists'] as string | undefined
    if (ifExistsFlag !== undefined && !(IF_EXISTS as readonly string[]).includes(ifExistsFlag)) {
      throw usageError(command, `--if-exists must be fail, overwrite or skip, not "${ifExistsFlag}"`)
    }
    if (values['force'] && ifExistsFlag !== undefined && ifExistsFlag !== 'overwrite') {
      throw usageError(command, `--force and --if-exists ${ifExistsFlag} contradict each other`)
    }
    const ifExists: DownloadIfExists = values['force']
      ? 'overwrite'
      : ((ifExistsFlag as DownloadIfExists | undefined) ?? 'fail')
    const partSize =
      values['part-size'] !== undefined ? parseSize(values['part-size'] as string, '--part-size') : undefined
    const concurrencyText = values['concurrency'] as string | undefined
    if (concurrencyText !== undefined && !/^\d+$/.test(concurrencyText))
      throw usageError(command, `--concurrency "${concurrencyText}" is not a whole number`)
    const maxRate = parseMaxRate(values['max-rate'])
    const customerKey = await customerKeyFrom(values)
    if (tree) {
      const request: TreeDownloadRequest = {
        ...(customerKey ? { customerKey } : {}),
        sources: sources.map((s) => treeSource(s, recursive, defaultBucket)),
        target: positionals.length > 1 ? positionals.at(-1)! : '.',
        rules: filterRulesOf(values),
        ifExists,
        ...(partSize !== undefined ? { partSize } : {}),
        ...(concurrencyText !== undefined ? { concurrency: Number(concurrencyText) } : {}),
        ...(maxRate !== undefined ? { maxBytesPerSecond: maxRate } : {}),
      }
      const connection = connectionFrom(values, env)
      request.connection = connection
      const transfers = parseTransfers(command, values['transfers'])
      return runTreeCommand(ctx, {
        request,
        connection,
        ...(transfers !== undefined ? { transfers } : {}),
        dryRun: values['dry-run'] === true,
      })
    }
    const { bucket, key } = resolveObject(positionals[0]!, defaultBucket)
    if (positionals[1] === '-') {
      const taken = ['json', 'force', 'if-exists', 'part-size', 'concurrency', 'max-rate'].find(
        (flag) => values[flag] !== undefined,
      )
      if (taken)
        throw usageError(command, `--${taken} does not apply to "-": the bytes go to standard output`)
      return runStdoutDownload(ctx, {
        bucket,
        key,
        connection: connectionFrom(values, env),
        ...(customerKey ? { customerKey } : {}),
        ...(versionId !== undefined ? { versionId } : {}),
      })
    }
    return runSingleDownload(ctx, {
      bucket,
      key,
      target: await targetPath(positionals[1], key),
      connection: connectionFrom(values, env),
      request: {
        ifExists,
        ...(partSize !== undefined ? { partSize } : {}),
        ...(concurrencyText !== undefined ? { concurrency: Number(concurrencyText) } : {}),
        ...(maxRate !== undefined ? { maxBytesPerSecond: maxRate } : {}),
        ...(customerKey ? { customerKey } : {}),
      },
      ...(versionId !== undefined ? { versionId } : {}),
    })
  },
}
