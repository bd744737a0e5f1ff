// `ferry ls --versions`: every version and delete marker under a prefix, newest first per key.
import { grouped, plural } from '../shared/plural'
import type { S3Client } from '@aws-sdk/client-s3'
import { listVersions } from '../main/core/versions/list-versions'
import { formatBytes } from '../shared/sizes'
import { writeJson } from './output'

export async function printVersions(
  client: S3Client,
  bucket: string,
  prefix: string,
  options: { json: boolean; human: boolean; stdout: NodeJS.WritableStream; env: NodeJS.ProcessEnv },
): Promise<void> {
  const { stdout, env } = options
  let count = 0
  let markers = 0
  for await (const v of listVersions(client, bucket, prefix)) {
    count++
    if (options.json) {
      writeJson(stdout, { bucket, ...v }, env)
      continue
    }
    const date = v.lastModified.slice(0, 19).replace('T', ' ')
    if (v.kind === 'delete-marker') markers++
    const size = v.kind === 'delete-marker' ? 'DEL' : options.human ? formatBytes(v.size) : String(v.size)
    const flags = [v.latest ? 'latest' : '', v.kind === 'delete-marker' ? 'delete-marker' : ''].filter(
      Boolean,
    )
    stdout.write(
      `${date}  ${size.padStart(12)}  ${v.key}  version ${v.versionId}${v.etag ? `  etag ${v.etag}` : ''}${v.storageClass && v.storageClass !== 'STANDARD' ? `  ${v.storageClass}` : ''}${flags.length ? `  (${flags.join(', ')})` : ''}\n`,
    )
  }
  if (options.human && !options.json)
    stdout.write(`${plural(count, 'version')}, ${grouped(markers)} of them delete markers\n`)
}
