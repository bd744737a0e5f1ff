import { PutObjectCommand } from '@aws-sdk/client-s3'
import type { HttpRequest } from '@smithy/types'
import { describe, expect, it } from 'vitest'
import type { EngineConnection } from '../../shared/engine-protocol'
import { createS3Client } from './client-factory'
import { directTarget } from './direct-target'

const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }

/** The URL the SDK itself sends a PutObject to, caught after its endpoint rules and serializer ran. */
async function sdkUrl(connection: EngineConnection, bucket: string, key: string): Promise<string> {
  const client = createS3Client(connection)
  let sent: HttpRequest | undefined
  client.middlewareStack.add(
    () => async (args) => {
      sent = args.request as HttpRequest
      throw new Error('caught before sending')
    },
    { step: 'finalizeRequest', priority: 'low' },
  )
  await expect(client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }))).rejects.toThrow(
    'caught before sending',
  )
  client.destroy()
  const port = sent!.port ? `:${sent!.port}` : ''
  return `${sent!.protocol}//${sent!.hostname}${port}${sent!.path}`
}

async function directUrl(
  connection: EngineConnection,
  bucket: string,
  key: string,
): Promise<string | undefined> {
  const client = createS3Client(connection)
  const target = await directTarget(client, bucket, key)
  client.destroy()
  if (!target) return undefined
  const port = target.port ? `:${target.port}` : ''
  return `${target.https ? 'https:' : 'http:'}//${target.hostname}${port}${target.path}`
}

const aws = (region: string, more: Partial<EngineConnection> = {}): EngineConnection => ({
  endpoint: '',
  region,
  pathStyle: false,
  credentials: keys,
  ...more,
})

const variants: [string, EngineConnection, string][] = [
  ['virtual-hosted on AWS', aws('eu-west-3'), 'https://my-bucket.s3.eu-west-3.amazonaws.com/'],
  [
    'path-style on AWS',
    aws('eu-west-3', { pathStyle: true }),
    'https://s3.eu-west-3.amazonaws.com/my-bucket/',
  ],
  [
    'dual-stack',
    aws('eu-west-1', { dualStack: true }),
    'https://my-bucket.s3.dualstack.eu-west-1.amazonaws.com/',
  ],
  ['FIPS', aws('us-east-1', { fips: true }), 'https://my-bucket.s3-fips.us-east-1.amazonaws.com/'],
  [
    'FIPS and dual-stack',
    aws('us-east-2', { fips: true, dualStack: true }),
    'https://my-bucket.s3-fips.dualstack.us-east-2.amazonaws.com/',
  ],
  ['accelerate', aws('us-east-1', { accelerate: true }), 'https://my-bucket.s3-accelerate.amazonaws.com/'],
  [
    'accelerate and dual-stack',
    aws('us-east-1', { accelerate: true, dualStack: true }),
    'https://my-bucket.s3-accelerate.dualstack.amazonaws.com/',
  ],
  ['China', aws('cn-north-1'), 'https://my-bucket.s3.cn-north-1.amazonaws.com.cn/'],
  [
    'a custom endpoint, path-style',
    { endpoint: 'http://127.0.0.1:7480', region: 'us-east-1', pathStyle: true, credentials: keys },
    'http://127.0.0.1:7480/my-bucket/',
  ],
  [
    'a custom endpoint, virtual-hosted',
    { endpoint: 'https://s3.example.com', region: 'auto', pathStyle: false, credentials: keys },
    'https://my-bucket.s3.example.com/',
  ],
  [
    'a custom endpoint under a path',
    {
      endpoint: 'https://gw.example.com:8443/storage',
      region: 'us-east-1',
      pathStyle: true,
      credentials: keys,
    },
    'https://gw.example.com:8443/storage/my-bucket/',
  ],
]

describe('directTarget: the URL a direct request goes to is the one the SDK sends to', () => {
  for (const [name, connection, prefix] of variants) {
    it(name, async () => {
      for (const [bucket, key] of [
        ['my-bucket', 'k'],
        ['my-bucket', "a b/+%/(x)!*'~/ü"],
      ] as const) {
        const sdk = await sdkUrl(connection, bucket, key)
        expect(sdk.startsWith(prefix)).toBe(true)
        expect(await directUrl(connection, bucket, key)).toBe(sdk)
      }
    })
  }

  it('follows the SDK where a bucket cannot be a host name: dotted, or on an IP address', async () => {
    for (const [connection, bucket] of [
      [aws('us-east-1'), 'dotted.bucket.name'],
      [{ endpoint: 'http://10.0.0.1:9000', region: 'us-east-1', pathStyle: false, credentials: keys }, 'b1'],
    ] as const) {
      const sdk = await sdkUrl(connection, bucket, 'k')
      expect(sdk).toMatch(new RegExp(`/${bucket.replace(/\./g, '\\.')}/k$`))
      expect(await directUrl(connection, bucket, 'k')).toBe(sdk)
    }
  })

  it('follows AWS_USE_DUALSTACK_ENDPOINT and AWS_USE_FIPS_ENDPOINT, which the SDK reads itself', async () => {
    const saved = [process.env['AWS_USE_DUALSTACK_ENDPOINT'], process.env['AWS_USE_FIPS_ENDPOINT']]
    process.env['AWS_USE_DUALSTACK_ENDPOINT'] = 'true'
    process.env['AWS_USE_FIPS_ENDPOINT'] = 'true'
    try {
      const sdk = await sdkUrl(aws('us-west-2'), 'my-bucket', 'k')
      expect(sdk).toBe('https://my-bucket.s3-fips.dualstack.us-west-2.amazonaws.com/k')
      expect(await directUrl(aws('us-west-2'), 'my-bucket', 'k')).toBe(sdk)
    } finally {
      const names = ['AWS_USE_DUALSTACK_ENDPOINT', 'AWS_USE_FIPS_ENDPOINT']
      names.forEach((name, i) => {
        if (saved[i] === undefined) delete process.env[name]
        else process.env[name] = saved[i]
      })
    }
  })

  it('leaves to the SDK what its rules refuse (accelerate with path-style)', async () => {
    expect(
      await directUrl(aws('us-east-1', { accelerate: true, pathStyle: true }), 'my-bucket', 'k'),
    ).toBeUndefined()
  })
})
