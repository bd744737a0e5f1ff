/** S3's canned ACLs (x-amz-acl). Zod-free, so `ferry send`'s option table can name them cheaply. */
export const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
] as const
