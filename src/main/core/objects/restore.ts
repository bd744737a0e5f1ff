// Restoring an archived object (RestoreObject): S3 makes a temporary readable copy, in
// minutes to hours depending on the tier, kept for the days asked. An Intelligent-Tiering
// archive tier takes no days: the object moves back to its frequent-access tier.
import { RestoreObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { RestoreTier } from '../../../shared/archive'
import { MAX_RESTORE_DAYS, MIN_RESTORE_DAYS } from '../../../shared/archive'
import { badInput } from '../../../shared/errors'
import { headObject } from '../../s3/head'
import { toFerryError } from '../../s3/s3-errors'

export interface RestoreRequest {
  bucket: string
  key: string
  days: number
  tier: RestoreTier
  versionId?: string
}

export interface RestoreOutcome {
  /** started: S3 accepted a new restore; extended: a restored copy's expiry was moved; in-progress: one is already running. */
  status: 'started' | 'extended' | 'in-progress'
}

export async function restoreObject(client: S3Client, request: RestoreRequest): Promise<RestoreOutcome> {
  const { bucket, key, versionId } = request
  if (!Number.isInteger(request.days) || request.days < MIN_RESTORE_DAYS || request.days > MAX_RESTORE_DAYS)
    throw badInput(
      `${request.days} is not a number of days a restored copy can be kept`,
      `Give a whole number of days from ${MIN_RESTORE_DAYS} to ${MAX_RESTORE_DAYS}, e.g. --days 7.`,
    )
  const where = `s3://${bucket}/${key}`
  const head = await headObject(client, bucket, key, { versionId })
  if (!head.archive)
    throw badInput(
      `${where} is not archived (storage class ${head.storageClass ?? 'STANDARD'}); it can be downloaded as it is`,
      'Restore only objects in GLACIER, DEEP_ARCHIVE or an Intelligent-Tiering archive tier.',
    )
  if (head.archive.kind === 'restoring') return { status: 'in-progress' }
  const tiering = head.storageClass === 'INTELLIGENT_TIERING'
  try {
    const out = await client.send(
      new RestoreObjectCommand({
        Bucket: bucket,
        Key: key,
        VersionId: versionId,
        RestoreRequest: tiering ? {} : { Days: request.days, GlacierJobParameters: { Tier: request.tier } },
      }),
    )
    // 202 Accepted starts a restore; 200 OK means a restored copy exists and its days were reset.
    return { status: out.$metadata.httpStatusCode === 200 ? 'extended' : 'started' }
  } catch (e) {
    const error = toFerryError(e, { bucket, key, ...(versionId !== undefined ? { versionId } : {}) })
    if (error.detail?.startsWith('RestoreAlreadyInProgress')) return { status: 'in-progress' }
    throw error
  }
}
