// S3 answers about buckets, versions and archived objects, as FerryErrors that name the
// cause and the fix. Kept apart from s3-errors.ts, which consults it first.
import type { ArchiveState } from '../../shared/archive'
import { FerryError, type FerryErrorCode } from '../../shared/errors'
import type { FailureFacts } from '../../shared/retry-policy'

export interface VersionedContext {
  bucket?: string
  key?: string
  /** Set when the request named one version of the object. */
  versionId?: string
}

const at = (ctx: VersionedContext) => `s3://${ctx.bucket ?? '?'}${ctx.key ? `/${ctx.key}` : ''}`

/** The FerryError for these answers, or undefined when the general mapping applies. */
export function bucketOrObjectError(
  facts: FailureFacts,
  ctx: VersionedContext,
  detail: string,
  cause: unknown,
): FerryError | undefined {
  const make = (code: FerryErrorCode, message: string, fix: string) =>
    new FerryError({ code, message, fix, ...(detail ? { detail } : {}) }, { cause })
  const version = ctx.versionId
  switch (facts.code) {
    case 'BucketNotEmpty':
      return make(
        'bucket-not-empty',
        `bucket "${ctx.bucket ?? '?'}" is not empty`,
        'Delete its objects first, or empty it as part of the deletion (ferry rb --force).',
      )
    case 'BucketAlreadyOwnedByYou':
    case 'BucketAlreadyExists':
      return bucketExistsError(ctx.bucket ?? '?', facts.code === 'BucketAlreadyOwnedByYou', detail, cause)
    case 'TooManyBuckets':
      return make(
        'bad-input',
        'the account has as many buckets as the store allows',
        'Delete a bucket you no longer need, or ask for a higher bucket limit.',
      )
    case 'NoSuchVersion':
      return versionMissing()
    case 'InvalidObjectState':
      return archivedError(ctx, { kind: 'archived' }, detail, cause)
    case 'RestoreAlreadyInProgress':
      return make(
        'object-archived',
        `a restore of ${at(ctx)} is already in progress`,
        'Wait for it to complete (ferry head shows its status); the object can then be downloaded.',
      )
    case 'InvalidArgument':
      if (version !== undefined) return versionMissing()
      return undefined
    default:
      break
  }
  // HEAD answers have no body: a missing version is a bare 404 (or 400 for a malformed id).
  if (
    version !== undefined &&
    (facts.status === 404 || facts.status === 400) &&
    facts.code !== 'NoSuchBucket'
  )
    return versionMissing()
  return undefined

  function versionMissing() {
    return versionMissingError(ctx, detail, cause)
  }
}

export function versionMissingError(ctx: VersionedContext, detail = '', cause?: unknown): FerryError {
  return new FerryError(
    {
      code: 'version-missing',
      message: `${at(ctx)} has no version "${ctx.versionId ?? '?'}"`,
      fix: `List its versions with ferry ls --versions ${at(ctx)} and use one of their ids.`,
      ...(detail ? { detail } : {}),
    },
    { cause },
  )
}

/** A download of an archived object that has no restored copy: what to do instead. */
export function archivedError(
  ctx: VersionedContext,
  state: Exclude<ArchiveState, { kind: 'restored' }>,
  detail = '',
  cause?: unknown,
): FerryError {
  const value =
    state.kind === 'restoring'
      ? {
          message: `${at(ctx)} is archived and its restore is still in progress`,
          fix: 'Wait until the restore completes (ferry head shows "restored copy readable until ..."), then download it again.',
        }
      : {
          message: `${at(ctx)} is archived and must be restored before it can be read`,
          fix: `Restore it first (ferry restore ${at(ctx)} --days 7, or Restore… in the app), wait until the restore completes, then download it.`,
        }
  return new FerryError({ code: 'object-archived', ...value, ...(detail ? { detail } : {}) }, { cause })
}

export function bucketExistsError(bucket: string, yours: boolean, detail = '', cause?: unknown): FerryError {
  const value = yours
    ? {
        message: `bucket "${bucket}" already exists, and it is yours`,
        fix: 'Use the bucket as it is, or choose another name.',
      }
    : {
        message: `the bucket name "${bucket}" is taken by another account`,
        fix: 'Bucket names are shared by every account of the store: choose another name.',
      }
  return new FerryError({ code: 'bucket-exists', ...value, ...(detail ? { detail } : {}) }, { cause })
}
