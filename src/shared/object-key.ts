// What S3 accepts as an object key. Any UTF-8 up to 1,024 bytes is stored, but a key is also
// carried in XML (ListObjects, DeleteObjects, CompleteMultipartUpload errors), and XML 1.0
// cannot carry most control characters or unpaired surrogates: S3 refuses such keys in XML
// requests and lists them only URL-encoded, and radosgw fails to list them. Ferry refuses them
// up front with the position of the offending character rather than store a key that other
// tools cannot list or delete.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
import { MAX_KEY_BYTES } from './s3-limits'

// Tab, LF and CR are legal XML; the other C0 controls, and U+FFFE/U+FFFF, are not.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

const utf8Length = (text: string): number => new TextEncoder().encode(text).length

/** Why a key cannot be used, or undefined when S3 takes it. */
export function objectKeyProblem(key: string): string | undefined {
  if (key === '') return 'the key is empty'
  if (LONE_SURROGATE.test(key)) return 'the key holds a broken character (an unpaired UTF-16 surrogate)'
  const bad = XML_FORBIDDEN.exec(key)
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')
    return `the key holds the control character U+${code} at position ${bad.index + 1}, which S3 cannot list or delete through its XML API`
  }
  const bytes = utf8Length(key)
  if (bytes > MAX_KEY_BYTES) return `the key is ${bytes} bytes of UTF-8, over S3's limit of ${MAX_KEY_BYTES}`
  return undefined
}

export const OBJECT_KEY_FIX =
  'Rename the file or choose a shorter prefix: keys are at most 1,024 bytes of UTF-8 without control characters.'
