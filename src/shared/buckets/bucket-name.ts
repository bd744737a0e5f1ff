// S3's rules for general purpose bucket names, checked as the name is typed and before any
// request, so a refused name says which rule it breaks instead of a bare InvalidBucketName.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
import { badInput, type FerryError } from '../errors'

export const MIN_BUCKET_NAME_LENGTH = 3
export const MAX_BUCKET_NAME_LENGTH = 63

/** Prefixes and suffixes AWS reserves for access points, aliases and its own examples. */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-']
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']

const IPV4_SHAPE = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/

/** Why the name cannot be a bucket's, or undefined when it can. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < MIN_BUCKET_NAME_LENGTH)
    return `a bucket name has at least ${MIN_BUCKET_NAME_LENGTH} characters`
  if (name.length > MAX_BUCKET_NAME_LENGTH)
    return `a bucket name has at most ${MAX_BUCKET_NAME_LENGTH} characters (this one has ${name.length})`
  const wrong = /[^a-z0-9.-]/.exec(name)
  if (wrong) {
    const c = wrong[0]
    return /[A-Z]/.test(c)
      ? `a bucket name has no capital letters ("${c}")`
      : `a bucket name holds only lowercase letters, digits, dots and hyphens (not "${c}")`
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))
    return 'a bucket name begins and ends with a letter or a digit'
  if (name.includes('..')) return 'a bucket name has no two dots in a row'
  if (name.includes('.-') || name.includes('-.')) return 'a bucket name has no dot next to a hyphen'
  if (IPV4_SHAPE.test(name)) return 'a bucket name is not shaped like an IP address'
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p))
  if (prefix) return `a bucket name cannot begin with "${prefix}" (reserved by S3)`
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s))
  if (suffix) return `a bucket name cannot end with "${suffix}" (reserved by S3)`
  return undefined
}

/** Throws a bad-input error naming the broken rule. */
export function checkBucketName(name: string): void {
  const problem = bucketNameProblem(name)
  if (problem) throw bucketNameError(name, problem)
}

export function bucketNameError(name: string, problem: string): FerryError {
  return badInput(
    `"${name}" cannot be a bucket name: ${problem}`,
    'Choose a name of 3-63 lowercase letters, digits, hyphens and dots, starting and ending with a letter or digit.',
  )
}
