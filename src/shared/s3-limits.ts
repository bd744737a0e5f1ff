// S3's hard limits, named once. Sources: "Amazon S3 multipart upload limits" and
// "Working with object metadata" in the S3 user guide. Every input that could cross
// one of these is validated early with a message that says how to fix it.

export const KiB = 1024
export const MiB = 1024 * KiB
export const GiB = 1024 * MiB
export const TiB = 1024 * GiB

/** Every part but the last must be at least this large. */
export const MIN_PART_SIZE = 5 * MiB
/** No single part may exceed this. */
export const MAX_PART_SIZE = 5 * GiB
/** Part numbers run from 1 to this. */
export const MAX_PARTS = 10_000
/** The largest object S3 stores. */
export const MAX_OBJECT_SIZE = 5 * TiB
/** The largest object a single PutObject may send. */
export const MAX_SINGLE_PUT_SIZE = 5 * GiB
/** The largest source CopyObject copies in one request; larger ones are copied part by part (UploadPartCopy). */
export const MAX_COPY_OBJECT_SIZE = 5 * GiB
/** Object keys are at most this many bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024
/** User-defined metadata (names and values, as sent) is at most this many bytes. */
export const MAX_USER_METADATA_BYTES = 2 * KiB
/** An object has at most this many tags ("Categorizing your storage using tags"). */
export const MAX_OBJECT_TAGS = 10
/** A tag key is at most this many Unicode characters, */
export const MAX_TAG_KEY_CHARS = 128
/** and its value at most this many. */
export const MAX_TAG_VALUE_CHARS = 256
/** An SSE-C key is an AES-256 key: exactly this many bytes. */
export const CUSTOMER_KEY_BYTES = 32
/** Presigned URLs signed with SigV4 live at most seven days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60
/** DeleteObjects takes at most this many keys per request. */
export const MAX_DELETE_BATCH = 1000
/** ListObjectsV2 returns at most this many keys per page. */
export const MAX_LIST_PAGE = 1000

/** Ferry's defaults, within the limits above. */
export const DEFAULT_PART_SIZE = 8 * MiB
export const DEFAULT_MULTIPART_THRESHOLD = 16 * MiB
export const DEFAULT_CONCURRENCY = 4
/**
 * Part copies move no bytes through Ferry, so larger parts than for uploads cost nothing
 * locally and save requests: a 6 GiB object is 96 requests instead of 768.
 */
export const DEFAULT_COPY_PART_SIZE = 64 * MiB
export const MAX_CONCURRENCY = 64
