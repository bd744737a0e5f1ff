// The S3 stub's archive tier: what AWS documents for GLACIER, DEEP_ARCHIVE and the
// Intelligent-Tiering archive tiers, for the tests of archived objects (radosgw has none).
//   - PutObject takes x-amz-storage-class; HEAD answers it (absent for STANDARD, as AWS does)
//     and ListObjects lists it.
//   - GET of an archived object with no restored copy: 403 InvalidObjectState.
//   - POST ?restore (RestoreObject): 202 when a restore starts, 409 RestoreAlreadyInProgress
//     while one runs, 200 when a restored copy exists (its expiry is reset), 403
//     InvalidObjectState for an object that is not archived.
//   - HEAD answers x-amz-restore: ongoing-request="true", then ongoing-request="false",
//     expiry-date="..." (rounded up to the next midnight UTC, as AWS does).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreObject.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (InvalidObjectState)
// Archived objects keep their bytes (the stub discards all others), so a restored one can be
// downloaded and verified. A restore completes after --restore-ms milliseconds.

const ARCHIVE_CLASSES = new Set(['GLACIER', 'DEEP_ARCHIVE'])
const DAY_MS = 86_400_000

export function storageClassOf(req) {
  return String(req.headers['x-amz-storage-class'] ?? 'STANDARD')
}

/** Whether the bytes of an object in this class are kept (to be served once restored). */
export const keepsBytes = (storageClass) =>
  ARCHIVE_CLASSES.has(storageClass) || storageClass === 'INTELLIGENT_TIERING'

function isArchived(o) {
  if (ARCHIVE_CLASSES.has(o.storageClass)) return true
  return o.storageClass === 'INTELLIGENT_TIERING' && o.archiveStatus !== undefined
}

function restoredCopy(o) {
  return o.restore?.expires !== undefined && o.restore.expires > Date.now()
}

/** Extra HEAD/GET headers: storage class, archive status, restore state. */
export function archiveHeaders(o) {
  const headers = {}
  if (o.storageClass && o.storageClass !== 'STANDARD') headers['x-amz-storage-class'] = o.storageClass
  if (o.archiveStatus) headers['x-amz-archive-status'] = o.archiveStatus
  if (o.restore?.ongoing) headers['x-amz-restore'] = 'ongoing-request="true"'
  else if (restoredCopy(o))
    headers['x-amz-restore'] =
      `ongoing-request="false", expiry-date="${new Date(o.restore.expires).toUTCString()}"`
  return headers
}

/** The error a GET gets for an archived object without a readable copy, else undefined. */
export function getRefusal(o) {
  if (!isArchived(o) || restoredCopy(o)) return undefined
  return {
    status: 403,
    code: 'InvalidObjectState',
    message: "The operation is not valid for the object's storage class",
  }
}

/** RestoreObject. `body` is the RestoreRequest XML. Returns { status } or an error. */
export function restore(o, body, restoreMs) {
  if (!isArchived(o))
    return {
      status: 403,
      code: 'InvalidObjectState',
      message: "Restore is not allowed for the object's current storage class",
    }
  if (o.restore?.ongoing)
    return { status: 409, code: 'RestoreAlreadyInProgress', message: 'Object restore is already in progress' }
  const days = Number(/<Days>\s*(\d+)\s*<\/Days>/.exec(body)?.[1] ?? NaN)
  const tiering = o.storageClass === 'INTELLIGENT_TIERING'
  if (!tiering && !(days >= 1))
    return { status: 400, code: 'MalformedXML', message: 'The RestoreRequest has no valid Days' }
  const tier = /<Tier>\s*(\w+)\s*<\/Tier>/.exec(body)?.[1] ?? 'Standard'
  if (!['Standard', 'Bulk', 'Expedited'].includes(tier))
    return { status: 400, code: 'MalformedXML', message: `unknown tier ${tier}` }
  if (tier === 'Expedited' && o.storageClass === 'DEEP_ARCHIVE')
    return { status: 400, code: 'InvalidArgument', message: 'Expedited is not available for DEEP_ARCHIVE' }
  const expiresAfter = (from) => {
    const at = new Date(from + days * DAY_MS)
    // AWS rounds the expiry up to the next midnight UTC.
    return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1)
  }
  if (restoredCopy(o)) {
    o.restore.expires = expiresAfter(Date.now())
    return { status: 200 }
  }
  o.restore = { ongoing: true, tier }
  setTimeout(() => {
    if (tiering) {
      // Intelligent-Tiering moves the object back to its frequent tier: no expiry.
      delete o.archiveStatus
      delete o.restore
    } else o.restore = { ongoing: false, expires: expiresAfter(Date.now()) }
  }, restoreMs).unref()
  return { status: 202 }
}
