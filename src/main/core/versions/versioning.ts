// A bucket's versioning: on (Enabled) or off (Suspended). S3 cannot return a bucket to
// "never versioned": turning it off keeps every version already stored, and new writes
// replace the "null" version.
import { GetBucketVersioningCommand, PutBucketVersioningCommand, type S3Client } from '@aws-sdk/client-s3'
import type { VersioningStatus } from '../../../shared/domain/versions'
import { toFerryError } from '../../s3/s3-errors'

export async function getVersioning(client: S3Client, bucket: string): Promise<VersioningStatus> {
  try {
    const out = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }))
    if (out.Status === 'Enabled') return 'enabled'
    if (out.Status === 'Suspended') return 'suspended'
    return 'unversioned'
  } catch (e) {
    throw toFerryError(e, { bucket })
  }
}

export async function setVersioning(
  client: S3Client,
  bucket: string,
  on: boolean,
): Promise<VersioningStatus> {
  try {
    await client.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: on ? 'Enabled' : 'Suspended' },
      }),
    )
  } catch (e) {
    throw toFerryError(e, { bucket })
  }
  return getVersioning(client, bucket)
}
