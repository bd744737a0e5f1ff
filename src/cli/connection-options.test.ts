import { parseArgs } from 'node:util'
import { describe, expect, it } from 'vitest'
import { connectionFrom, connectionOptions } from './connection-options'

const KEYS = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}
const ENDPOINTS = {
  AWS_ENDPOINT_URL_S3: 'http://s3-specific:7480',
  AWS_ENDPOINT_URL: 'http://all-services:7480',
  S3_ENDPOINT_URL: 'http://s3daemon-style:7480',
}

/** Parses argv exactly as a command would, then builds the connection. */
function fromArgs(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { values } = parseArgs({ args, options: connectionOptions, strict: true })
  return connectionFrom(values, env)
}

describe('connectionFrom: endpoint', () => {
  it('takes flags over AWS_ENDPOINT_URL_S3 over AWS_ENDPOINT_URL over S3_ENDPOINT_URL', () => {
    expect(fromArgs(['--endpoint', 'http://flag:9000'], ENDPOINTS).endpoint).toBe('http://flag:9000')
    expect(fromArgs([], ENDPOINTS).endpoint).toBe('http://s3-specific:7480')
    const { AWS_ENDPOINT_URL_S3: _s3, ...withoutS3 } = ENDPOINTS
    expect(fromArgs([], withoutS3).endpoint).toBe('http://all-services:7480')
    expect(fromArgs([], { S3_ENDPOINT_URL: ENDPOINTS.S3_ENDPOINT_URL }).endpoint).toBe(
      'http://s3daemon-style:7480',
    )
    expect(fromArgs([], {}).endpoint).toBe('')
  })

  it('skips variables that are set but empty', () => {
    const env = { AWS_ENDPOINT_URL_S3: '', AWS_ENDPOINT_URL: 'http://all-services:7480' }
    expect(fromArgs([], env).endpoint).toBe('http://all-services:7480')
    expect(fromArgs(['--endpoint', ''], { S3_ENDPOINT_URL: 'http://s3daemon-style:7480' }).endpoint).toBe(
      'http://s3daemon-style:7480',
    )
  })

  it('drops trailing slashes', () => {
    expect(fromArgs(['--endpoint', 'http://127.0.0.1:7480///']).endpoint).toBe('http://127.0.0.1:7480')
    expect(fromArgs([], { AWS_ENDPOINT_URL: 'https://minio.local/' }).endpoint).toBe('https://minio.local')
  })
})

describe('connectionFrom: path style', () => {
  it('defaults to path style on custom endpoints and to virtual-hosted style on AWS', () => {
    expect(fromArgs(['--endpoint', 'http://127.0.0.1:7480']).pathStyle).toBe(true)
    expect(fromArgs([], { AWS_ENDPOINT_URL: 'http://127.0.0.1:7480' }).pathStyle).toBe(true)
    expect(fromArgs([]).pathStyle).toBe(false)
  })

  it('uses path style on AWS when asked', () => {
    expect(fromArgs(['--path-style']).pathStyle).toBe(true)
  })

  it('lets an explicit false turn path style off on a custom endpoint', () => {
    expect(
      connectionFrom({ endpoint: 'http://bucket-dns.example.com', 'path-style': false }, {}).pathStyle,
    ).toBe(false)
  })
})

describe('connectionFrom: region', () => {
  it('takes the flag, then AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1', () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-south-1' }
    expect(fromArgs(['--region', 'us-west-2'], env).region).toBe('us-west-2')
    expect(fromArgs([], env).region).toBe('eu-west-1')
    expect(fromArgs([], { AWS_DEFAULT_REGION: 'ap-south-1' }).region).toBe('ap-south-1')
    expect(fromArgs([], {}).region).toBe('us-east-1')
  })

  it('skips an empty AWS_REGION', () => {
    expect(fromArgs([], { AWS_REGION: '', AWS_DEFAULT_REGION: 'ap-south-1' }).region).toBe('ap-south-1')
    expect(fromArgs([], { AWS_REGION: '' }).region).toBe('us-east-1')
  })
})

describe('connectionFrom: credentials', () => {
  it('takes keys from the environment, with the session token when there is one', () => {
    expect(fromArgs([], KEYS).credentials).toEqual({
      accessKeyId: KEYS.AWS_ACCESS_KEY_ID,
      secretAccessKey: KEYS.AWS_SECRET_ACCESS_KEY,
    })
    expect(fromArgs([], { ...KEYS, AWS_SESSION_TOKEN: 'token-value' }).credentials).toEqual({
      accessKeyId: KEYS.AWS_ACCESS_KEY_ID,
      secretAccessKey: KEYS.AWS_SECRET_ACCESS_KEY,
      sessionToken: 'token-value',
    })
    expect(fromArgs([], KEYS).profile).toBeUndefined()
  })

  it('prefers environment keys over AWS_PROFILE, as the AWS SDK does', () => {
    const c = fromArgs([], { ...KEYS, AWS_PROFILE: 'work' })
    expect(c.profile).toBeUndefined()
    expect(c.credentials?.accessKeyId).toBe(KEYS.AWS_ACCESS_KEY_ID)
  })

  it('prefers --profile over environment keys', () => {
    const c = fromArgs(['--profile', 'lab'], { ...KEYS, AWS_PROFILE: 'work' })
    expect(c.profile).toBe('lab')
    expect(c.credentials).toBeUndefined()
  })

  it('uses AWS_PROFILE when no keys are set', () => {
    const c = fromArgs([], { AWS_PROFILE: 'work' })
    expect(c.profile).toBe('work')
    expect(c.credentials).toBeUndefined()
  })

  it('leaves half a key pair and no profile to the default chain', () => {
    const c = fromArgs([], { AWS_ACCESS_KEY_ID: KEYS.AWS_ACCESS_KEY_ID })
    expect(c.credentials).toBeUndefined()
    expect(c.profile).toBeUndefined()
  })

  it('never carries credentials or a profile when nothing is configured', () => {
    expect(fromArgs([], {})).toEqual({ endpoint: '', region: 'us-east-1', pathStyle: false })
  })
})

describe('connectionFrom: AWS endpoint variants and CA bundle', () => {
  it('takes --use-dualstack, --use-fips and --accelerate, and refuses --accelerate with path-style', () => {
    expect(fromArgs(['--use-dualstack', '--use-fips'], KEYS)).toMatchObject({ dualStack: true, fips: true })
    expect(fromArgs(['--accelerate'], KEYS)).toMatchObject({ accelerate: true, pathStyle: false })
    expect(fromArgs([], KEYS)).not.toHaveProperty('accelerate')
    expect(() => fromArgs(['--accelerate', '--endpoint', 'https://s3.example.com'], KEYS)).toThrow(
      '--accelerate needs virtual-hosted addressing',
    )
  })

  it('refuses a --ca-bundle that does not exist before any request, naming it', () => {
    expect(() => fromArgs(['--ca-bundle', '/nonexistent/ca.pem'], KEYS)).toThrow(
      'the CA file /nonexistent/ca.pem (--ca-bundle',
    )
  })
})
