import { setMaxListeners } from 'node:events'
import { dirname, join } from 'node:path'
import { planSyncJob, type SyncRequest } from '../../main/core/transfers/sync'
import { runSync } from '../../main/core/transfers/sync-run'
import { createS3Client } from '../../main/s3/client-factory'
import { parseSize } from '../../shared/sizes'
import { syncEnds } from '../../shared/sync-ends'
import { EXIT_FAILED, EXIT_OK, usageError, type CliCommand } from '../command'
import { jsonOption } from '../common-options'
import { connectionFrom, connectionOptions } from '../connection-options'
import { syncPrinter } from '../sync-output'
import {
  concurrencyOption,
  parseConcurrency,
  parseTransfers,
  partSizeOption,
  transfersOption,
  filterRulesOf,
  maxRateOption,
  parseMaxRate,
} from '../transfer-options'
import { openManager } from '../open-manager'
import { customerKeyFrom, protectionFrom, protectionOptions } from '../protection-options'

export const command: CliCommand = {
  name: 'sync',
  summary: 'Make a prefix equal to a local folder, or a folder equal to a prefix',
  synopsis: ['ferry sync FOLDER s3://BUCKET/PREFIX/', 'ferry sync s3://BUCKET/PREFIX/ FOLDER'],
  description:
    'Copies to the destination every file the source has and the destination lacks or holds ' +
    'in another version: a different size, or a different modification time (Ferry keeps a ' +
    "file's time as x-amz-meta-mtime and gives it back to downloaded files). Nothing is " +
    'transferred twice: a second run over an unchanged tree moves nothing, and a sync ' +
    'interrupted by Ctrl-C or a crash resumes its unfinished files when run again. Nothing is ' +
    'deleted without --delete, and then only after every file arrived. Symbolic links in the ' +
    'folder are left out (reported as a note), so a link can neither loop nor reach outside it.',
  options: {
    checksum: {
      type: 'boolean',
      help:
        "Compare files of the same size by content (the file's MD5, or the multipart ETag as " +
        'ferry verify computes it) instead of by modification time; reads every such file.',
      byDefault: 'size and modification time',
    },
    delete: {
      type: 'boolean',
      help: 'Delete from the destination what the source lacks, once every file was copied.',
      byDefault: 'nothing is deleted',
    },
    'max-delete': {
      type: 'string',
      value: 'N',
      help: 'Refuse the whole sync, changing nothing, when it would delete more than N files.',
      byDefault: 'no limit',
    },
    'dry-run': {
      type: 'boolean',
      help: 'List each file that would move and why, each deletion, and the totals; change nothing.',
    },
    exclude: {
      type: 'string',
      multiple: true,
      value: 'PATTERN',
      help:
        'Leave out paths below the folder or prefix, read as a .gitignore line ("*.tmp", ' +
        '"node_modules", "build/**"). Left-out files are neither copied nor deleted.',
    },
    include: {
      type: 'string',
      multiple: true,
      value: 'PATTERN',
      help:
        'Keep only paths matching (with --exclude: take them back from the excluded), e.g. ' +
        '--exclude "*" --include "*.jpg"; --include is applied after every --exclude.',
    },
    ...transfersOption,
    'part-size': {
      ...partSizeOption,
      help: 'The size of each part of an upload, or of each range fetched by a download (5MiB to 5GiB).',
    },
    concurrency: concurrencyOption,
    'max-rate': maxRateOption(
      'Limit all the files of the sync together to this many bytes per second, e.g. 10MiB (or 10MiB/s).',
    ),
    ...protectionOptions,
    json: jsonOption,
    ...connectionOptions,
  },
  examples: [
    {
      command: 'ferry sync ./photos s3://my-bucket/photos/ --delete --max-delete 100',
      meaning: 'Upload new and changed photos, delete objects whose file is gone (at most 100).',
    },
    {
      command: 'ferry sync s3://my-bucket/reports/ ./reports --dry-run',
      meaning: 'Show which reports a download would fetch, and why, without fetching any.',
    },
    {
      command: 'ferry sync ./vault s3://my-bucket/vault/ --sse-c AES256 --sse-c-key fileb://key.bin',
      meaning: 'Upload with your own key (SSE-C); sync back down with the same --sse-c-key.',
    },
  ],
  async run(ctx) {
    const { positionals, values, env } = ctx
    if (positionals.length !== 2)
      throw usageError(command, 'sync takes two sides: a local folder and an s3:// location')
    const ends = syncEnds(positionals[0]!, positionals[1]!)
    const maxDeleteText = values['max-delete']
    let maxDelete: number | undefined
    if (typeof maxDeleteText === 'string') {
      if (!/^\d+$/.test(maxDeleteText.trim()))
        throw usageError(command, `--max-delete "${maxDeleteText}" is not a whole number`)
      maxDelete = Number(maxDeleteText)
    }
    if (maxDelete !== undefined && values['delete'] !== true)
      throw usageError(command, '--max-delete limits --delete, which was not given')
    const concurrency = parseConcurrency(command, values['concurrency'])
    const partSize =
      typeof values['part-size'] === 'string' ? parseSize(values['part-size'], '--part-size') : undefined
    const maxRate = parseMaxRate(values['max-rate'])
    const connection = connectionFrom(values, env)
    // A download reads objects: of the encryption options only the SSE-C key applies.
    const writeOnly = ['sse', 'sse-kms-key-id', 'sse-c', 'acl', 'tagging'].filter(
      (o) => values[o] !== undefined,
    )
    if (ends.direction === 'download' && writeOnly.length > 0)
      throw usageError(
        command,
        `--${writeOnly[0]} applies to uploads; a download reads SSE-C objects with --sse-c-key alone`,
      )
    const protection =
      ends.direction === 'upload'
        ? await protectionFrom(values)
        : { headers: {}, customerKey: await customerKeyFrom(values) }
    const request: SyncRequest = {
      connection,
      direction: ends.direction,
      folder: ends.local,
      bucket: ends.bucket,
      prefix: ends.prefix,
      compare: values['checksum'] === true ? 'checksum' : 'size-mtime',
      delete: values['delete'] === true,
      rules: filterRulesOf(values),
      ...(maxDelete !== undefined ? { maxDelete } : {}),
      ...(partSize !== undefined ? { partSize } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(maxRate !== undefined ? { maxBytesPerSecond: maxRate } : {}),
      ...(Object.keys(protection.headers).length > 0
        ? { headers: { metadata: {}, ...protection.headers } }
        : {}),
      ...(protection.customerKey ? { customerKey: protection.customerKey } : {}),
    }
    const manager = openManager(env, parseTransfers(command, values['transfers']))
    const client = createS3Client(connection)
    const stop = new AbortController()
    // Every HEAD and download in flight listens to it: hundreds at once, none of them leaking.
    setMaxListeners(0, stop.signal)
    let interrupts = 0
    const onSigint = () => {
      if (++interrupts > 1) process.exit(130)
      ctx.stderr.write('ferry: stopping; what arrived is kept (Ctrl-C again to quit at once)...\n')
      stop.abort()
    }
    process.on('SIGINT', onSigint)
    try {
      const job = await planSyncJob(request, {
        client,
        partSizesFor: (bucket, key) => manager.partSizesFor(bucket, key),
        timesDir: join(dirname(manager.journalDir), 'sync-times'),
        signal: stop.signal,
      })
      const print = syncPrinter(job, ctx)
      if (values['dry-run'] === true) {
        print.plan()
        return EXIT_OK
      }
      print.start()
      const summary = await runSync(job, { manager, client }, { onEvent: print.event, signal: stop.signal })
      print.summary(summary)
      return summary.failed > 0 || summary.interrupted ? EXIT_FAILED : EXIT_OK
    } finally {
      process.off('SIGINT', onSigint)
      client.destroy()
      await manager.close()
    }
  },
}
