import { plural } from '../../shared/plural'
import { deleteObject, deleteObjects, deletePrefix, type DeleteFailure } from '../../main/core/objects/delete'
import { resolveLocation, resolveObject } from '../../main/core/objects/location'
import { listKeys } from '../../main/core/objects/list'
import { createS3Client } from '../../main/s3/client-factory'
import { badInput } from '../../shared/errors'
import { EXIT_FAILED, EXIT_OK, usageError, type CliCommand } from '../command'
import { connectionFrom, connectionOptions } from '../connection-options'
import { bucketOption, jsonOption } from '../common-options'
import { writeJson } from '../output'
import { deleteVersion } from '../../main/core/versions/delete-versions'
import { versionIdOption } from '../version-option'

export const command: CliCommand = {
  name: 'rm',
  summary: 'Delete objects, or everything under a prefix with --recursive (batched)',
  synopsis: ['ferry rm s3://BUCKET/KEY...', 'ferry rm --recursive s3://BUCKET/PREFIX/...'],
  description:
    'Deletes the objects named, in batches of up to 1,000 keys per request. With --recursive, ' +
    'deletes every object under each prefix; "s3://BUCKET/photos" then means the folder photos/, ' +
    'never also photos-old/. Keys the store refuses to delete are each reported on stderr, and ' +
    'the command then exits 1.',
  options: {
    recursive: {
      type: 'boolean',
      short: 'r',
      help: 'Delete everything under each prefix given.',
    },
    'dry-run': { type: 'boolean', help: 'List what would be deleted; delete nothing.' },
    'version-id': {
      ...versionIdOption,
      help: 'Delete this version of the one object named, for good (no delete marker is written); an id the object does not have is an error.',
    },
    json: jsonOption,
    bucket: bucketOption,
    ...connectionOptions,
  },
  examples: [
    { command: 'ferry rm s3://my-bucket/a.txt s3://my-bucket/b.txt', meaning: 'Delete two objects.' },
    {
      command: 'ferry rm s3://my-bucket/a.txt --version-id 3HL4kqtJlcpXroDTDmJ',
      meaning: 'Delete one earlier version of a.txt for good.',
    },
    {
      command: 'ferry rm --recursive s3://my-bucket/tmp/ --dry-run',
      meaning: 'Show every object under tmp/ that a real run would delete.',
    },
  ],
  async run({ positionals, values, stdout, stderr, env }) {
    if (positionals.length === 0) throw usageError(command, 'rm needs at least one object')
    const defaultBucket = (values['bucket'] as string | undefined) ?? env['FERRY_BUCKET']
    const json = values['json'] === true
    const dryRun = values['dry-run'] === true
    const versionId = values['version-id'] as string | undefined
    if (versionId !== undefined) {
      if (positionals.length !== 1 || values['recursive'])
        throw usageError(command, '--version-id deletes one version of one object; name a single object')
      const { bucket, key } = resolveObject(positionals[0]!, defaultBucket)
      if (dryRun) {
        stdout.write(`would delete s3://${bucket}/${key} version ${versionId}\n`)
        return EXIT_OK
      }
      const versionClient = createS3Client(connectionFrom(values, env))
      try {
        await deleteVersion(versionClient, bucket, key, versionId)
      } finally {
        versionClient.destroy()
      }
      if (json) writeJson(stdout, { event: 'deleted', bucket, key, versionId }, env)
      else stdout.write(`deleted s3://${bucket}/${key} version ${versionId}\n`)
      return EXIT_OK
    }
    const client = createS3Client(connectionFrom(values, env))
    const failures: (DeleteFailure & { bucket: string })[] = []
    let deleted = 0
    try {
      if (values['recursive']) {
        for (const text of positionals) {
          const location = resolveLocation(text, defaultBucket)
          // "s3://b/photos" means the folder photos/, never also photos-old/.
          const prefix = location.key === '' || location.key.endsWith('/') ? location.key : `${location.key}/`
          const where = `s3://${location.bucket}/${prefix}`
          if (dryRun) {
            let count = 0
            for await (const o of listKeys(client, location.bucket, prefix)) {
              count++
              if (json) writeJson(stdout, { event: 'would-delete', bucket: location.bucket, key: o.key }, env)
              else stdout.write(`would delete s3://${location.bucket}/${o.key}\n`)
            }
            if (!json) stdout.write(`${plural(count, 'object')} under ${where} would be deleted\n`)
            continue
          }
          const outcome = await deletePrefix(client, location.bucket, prefix)
          deleted += outcome.deleted
          failures.push(...outcome.errors.map((e) => ({ ...e, bucket: location.bucket })))
          if (json)
            writeJson(
              stdout,
              {
                event: 'deleted',
                bucket: location.bucket,
                prefix,
                deleted: outcome.deleted,
                failed: outcome.errors.length,
              },
              env,
            )
          else stdout.write(`deleted ${plural(outcome.deleted, 'object')} under ${where}\n`)
        }
      } else {
        const locations = positionals.map((p) => {
          try {
            return resolveObject(p, defaultBucket)
          } catch (e) {
            // A folder given without --recursive: say the flag that deletes it.
            const l = resolveLocation(p, defaultBucket)
            if (!(l.key.endsWith('/') || l.key === '')) throw e
            const what = l.key === '' ? 'a bucket' : 'a folder'
            throw badInput(
              `"${p}" names ${what}, not an object`,
              `To delete everything under it, add --recursive (with --dry-run first to list what that deletes); to delete one object, add its key.`,
            )
          }
        })
        if (dryRun) {
          for (const l of locations) {
            if (json) writeJson(stdout, { event: 'would-delete', ...l }, env)
            else stdout.write(`would delete s3://${l.bucket}/${l.key}\n`)
          }
          return EXIT_OK
        }
        // One request for one key; DeleteObjects batches for more, per bucket.
        const byBucket = new Map<string, string[]>()
        for (const l of locations) byBucket.set(l.bucket, [...(byBucket.get(l.bucket) ?? []), l.key])
        for (const [bucket, keys] of byBucket) {
          let refused: DeleteFailure[] = []
          if (keys.length === 1) await deleteObject(client, bucket, keys[0]!)
          else refused = (await deleteObjects(client, bucket, keys)).errors
          failures.push(...refused.map((e) => ({ ...e, bucket })))
          const refusedKeys = new Set(refused.map((e) => e.key))
          for (const key of keys) {
            if (refusedKeys.has(key)) continue
            deleted++
            if (json) writeJson(stdout, { event: 'deleted', bucket, key }, env)
            else stdout.write(`deleted s3://${bucket}/${key}\n`)
          }
        }
      }
      for (const f of failures) {
        if (json)
          writeJson(
            stdout,
            { event: 'failed', bucket: f.bucket, key: f.key, code: f.code, message: f.message },
            env,
          )
        stderr.write(
          `ferry: could not delete s3://${f.bucket}/${f.key}: ${f.code}${f.message ? ` (${f.message})` : ''}. Fix: check the permissions for this key and run rm again.\n`,
        )
      }
      if (json && !dryRun) writeJson(stdout, { event: 'done', deleted, failed: failures.length }, env)
      return failures.length > 0 ? EXIT_FAILED : EXIT_OK
    } finally {
      client.destroy()
    }
  },
}
