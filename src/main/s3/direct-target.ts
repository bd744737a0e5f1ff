// Where a direct request goes: the SDK's own endpoint resolution (its endpoint rules), asked once
// per client and bucket, so that dual-stack, FIPS, accelerate, virtual-host and path-style
// addressing, custom endpoints and the fallbacks for dotted buckets and IP hosts are exactly the
// SDK's. A URL built here by hand would drift from it; the unit test compares the two.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { getEndpointFromInstructions } from '@smithy/core/endpoints'
import { escapeUri } from './sigv4'

export interface Target {
  https: boolean
  hostname: string
  port: number | undefined
  host: string
  path: string
  /** The region to sign for, as the endpoint rules say (the connection's, for S3). */
  signingRegion: string
}

type Base = Omit<Target, 'path'> & { prefix: string }

/** S3's key encoding in a path (the SDK's extendedEncodeURIComponent, '/' kept). */
const encodeKey = (key: string): string => key.split('/').map(escapeUri).join('/')

const bases = new WeakMap<S3Client, Map<string, Promise<Base | undefined>>>()

async function resolveBase(client: S3Client, bucket: string): Promise<Base | undefined> {
  let endpoint
  try {
    // Any object command has the same endpoint parameters; the key is not one of them.
    endpoint = await getEndpointFromInstructions({ Bucket: bucket, Key: '' }, PutObjectCommand, client.config)
  } catch {
    // The SDK's own attempt raises the same error, with its handling.
    return undefined
  }
  const url = endpoint.url
  const scheme = (
    endpoint.properties?.['authSchemes'] as
      { name?: string; signingName?: string; signingRegion?: string }[] | undefined
  )?.[0]
  // SigV4 for s3 only: S3 Express sessions, SigV4a and object-lambda stay with the SDK.
  if (!scheme || scheme.name !== 'sigv4' || scheme.signingName !== 's3' || !scheme.signingRegion)
    return undefined
  if (url.search || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined
  const port = url.port ? Number(url.port) : undefined
  return {
    https: url.protocol === 'https:',
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    host: url.host,
    prefix: url.pathname.replace(/\/+$/, ''),
    signingRegion: scheme.signingRegion,
  }
}

/** Where the SDK would send a request for this object; undefined where the SDK should send it. */
export async function directTarget(
  client: S3Client,
  bucket: string,
  key: string,
): Promise<Target | undefined> {
  let perBucket = bases.get(client)
  if (!perBucket) bases.set(client, (perBucket = new Map()))
  let base = perBucket.get(bucket)
  if (!base) perBucket.set(bucket, (base = resolveBase(client, bucket)))
  const resolved = await base
  if (!resolved) return undefined
  const { prefix, ...rest } = resolved
  return { ...rest, path: `${prefix}/${encodeKey(key)}` }
}
