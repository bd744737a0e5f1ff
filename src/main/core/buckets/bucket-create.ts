// Creating a bucket: the name checked against S3's rules before any request, the region
// sent as the location constraint (us-east-1 is S3's default and must not be named).
import {
  CreateBucketCommand,
  HeadBucketCommand,
  type BucketLocationConstraint,
  type S3Client,
} from '@aws-sdk/client-s3'
import { checkBucketName } from '../../../shared/buckets/bucket-name'
import { badInput } from '../../../shared/errors'
import { failureFacts, toFerryError } from '../../s3/s3-errors'
import { bucketExistsError } from '../../s3/bucket-object-errors'

/** S3's own default region: CreateBucket with it as a LocationConstraint is refused. */
const DEFAULT_REGION = 'us-east-1'
const REGION_SHAPE = /^[a-z0-9-]{2,32}$/

export async function createBucket(
  client: S3Client,
  bucket: string,
  options: { region?: string } = {},
): Promise<{ bucket: string; region: string }> {
  checkBucketName(bucket)
  const region = options.region || (await client.config.region())
  if (!REGION_SHAPE.test(region))
    throw badInput(`"${region}" is not a region name`, 'Give a region such as eu-west-1, or leave it out.')
  // us-east-1 (and radosgw) answer 200 to creating a bucket the account already owns, so
  // "created" would be a lie: ask first. 403 means another account holds the name.
  const existing = await client.send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => 'yours' as const,
    (e: unknown) => {
      const status = failureFacts(e).status
      if (status === 404) return undefined
      if (status === 403 || status === 301) return 'taken' as const
      throw toFerryError(e, { bucket })
    },
  )
  if (existing) throw bucketExistsError(bucket, existing === 'yours')
  try {
    await client.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === DEFAULT_REGION
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    )
  } catch (e) {
    throw toFerryError(e, { bucket })
  }
  return { bucket, region }
}
