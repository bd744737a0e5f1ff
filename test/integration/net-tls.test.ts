// A store behind TLS with a certificate authority made for this run (scripts/net-servers.sh:
// stunnel in front of radosgw): the CA is trusted from AWS_CA_BUNDLE, from a profile's ca_bundle
// and from --ca-bundle, for uploads (single and multipart), downloads and https:// stream
// sources; each certificate problem is named with a fix, and nothing is left behind.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient } from '../support/s3'
import { randomSource, startHttpSource } from '../support/source-servers'
import { cliEnv, jsonLines, runCli } from './objects-support'
import { net } from './net-support'
import { MiB, openUploads, readObject, tempDir } from './upload-support'

describe('a store behind TLS with a private certificate authority', () => {
  const s3 = testClient()
  const tmp = tempDir('tls')
  const small = randomSource(100_000)
  const big = randomSource(11 * MiB + 7)
  let bucket: string

  beforeAll(async () => {
    bucket = await freshBucket(s3, 'tls')
    writeFileSync(join(tmp.dir, 'small.bin'), small)
    writeFileSync(join(tmp.dir, 'big.bin'), big)
  })
  afterAll(() => tmp.cleanup())

  const env = (extra: Record<string, string> = {}) =>
    cliEnv({ FERRY_STATE_DIR: join(tmp.dir, 'state'), AWS_ENDPOINT_URL: net.tls(), ...extra })

  const keysUnder = async (prefix: string) =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map(
      (o) => o.Key,
    )

  const trusts: [string, () => { env: Record<string, string>; args: string[] }][] = [
    ['AWS_CA_BUNDLE', () => ({ env: { AWS_CA_BUNDLE: net.caFile() }, args: [] })],
    [
      'ca_bundle in the AWS profile',
      () => {
        const config = join(tmp.dir, 'aws-config')
        writeFileSync(config, `[default]\nregion = us-east-1\nca_bundle = ${net.caFile()}\n`)
        return { env: { AWS_CONFIG_FILE: config }, args: [] }
      },
    ],
    ['--ca-bundle', () => ({ env: {}, args: ['--ca-bundle', net.caFile()] })],
  ]

  it.each(trusts)(
    'uploads, multipart too, and downloads through TLS, trusting the CA from %s',
    async (name, trust) => {
      const { env: extra, args } = trust()
      const prefix = `${name.replace(/\W+/g, '-')}/`
      const up = await runCli(
        [
          'upload',
          join(tmp.dir, 'small.bin'),
          join(tmp.dir, 'big.bin'),
          `s3://${bucket}/${prefix}`,
          '--part-size',
          '5MiB',
          '--multipart-threshold',
          '5MiB',
          '--json',
          ...args,
        ],
        { env: env(extra) },
      )
      expect(up.stderr).toBe('')
      expect(up.code).toBe(0)
      const summaries = jsonLines(up.stdout).filter((l) => l['event'] === 'summary')
      expect(summaries.map((s) => [s['key'], s['verified'], s['partsUploaded']]).sort()).toEqual([
        [`${prefix}big.bin`, true, 3],
        [`${prefix}small.bin`, true, 1],
      ])
      expect((await readObject(s3, bucket, `${prefix}small.bin`)).equals(small)).toBe(true)
      expect((await readObject(s3, bucket, `${prefix}big.bin`)).equals(big)).toBe(true)

      const target = join(tmp.dir, `${prefix.slice(0, -1)}.out`)
      const down = await runCli(
        ['get', `s3://${bucket}/${prefix}big.bin`, target, '--part-size', '5MiB', ...args],
        {
          env: env(extra),
        },
      )
      expect(down.stderr).toBe('')
      expect(down.code).toBe(0)
      expect(readFileSync(target).equals(big)).toBe(true)
    },
  )

  it('streams an https:// source whose certificate the CA signed, and names the unknown CA without it', async () => {
    const source = await startHttpSource({ tls: net.serverCert() })
    const bytes = randomSource(6 * MiB + 3)
    source.put('data.bin', bytes)
    try {
      const url = source.url('data.bin')
      const ok = await runCli(['stream', url, `s3://${bucket}/streamed.bin`, '--part-size', '5MiB'], {
        env: env({ AWS_CA_BUNDLE: net.caFile() }),
      })
      expect(ok.stderr).toBe('')
      expect(ok.code).toBe(0)
      expect((await readObject(s3, bucket, 'streamed.bin')).equals(bytes)).toBe(true)

      // The store is plain http here: without a CA, the source's certificate is what is refused.
      const refused = await runCli(['stream', url, `s3://${bucket}/unstreamed.bin`], {
        env: cliEnv({ FERRY_STATE_DIR: join(tmp.dir, 'state') }),
      })
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain(
        `the TLS certificate of ${url} is signed by an unknown certificate authority`,
      )
      expect(refused.stderr).toContain('AWS_CA_BUNDLE=/path/to/ca.pem')
      await expect(
        s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'unstreamed.bin' })),
      ).rejects.toThrow()
      expect(await openUploads(s3, bucket)).toEqual([])
    } finally {
      await source.close()
    }
  })

  it('names an unknown authority, a wrong host name and an expired certificate; nothing is stored', async () => {
    const cases: [string, Record<string, string>, string[]][] = [
      [
        net.tls(),
        {},
        ['is signed by an unknown certificate authority', 'Fix: Add the certificate authority'],
      ],
      [
        net.wrongHost(),
        { AWS_CA_BUNDLE: net.caFile() },
        ['is for wrong-host.invalid, not 127.0.0.1', 'Fix: Use a URL with a host name the certificate holds'],
      ],
      [net.expired(), { AWS_CA_BUNDLE: net.caFile() }, ['has expired', 'Fix: Have the certificate renewed']],
    ]
    for (const [endpoint, extra, said] of cases) {
      const run = await runCli(
        ['upload', join(tmp.dir, 'big.bin'), `s3://${bucket}/refused/`, '--part-size', '5MiB'],
        {
          env: env({ AWS_ENDPOINT_URL: endpoint, ...extra }),
        },
      )
      expect(run.code, run.stderr).toBe(1)
      for (const text of said) expect(run.stderr).toContain(text)
    }
    expect(await keysUnder('refused/')).toEqual([])
    expect(await openUploads(s3, bucket)).toEqual([])
  })

  it('refuses a CA file that is missing or not PEM, naming the file and the setting, before any request', async () => {
    const notPem = join(tmp.dir, 'not-a-cert.pem')
    writeFileSync(notPem, 'this is no certificate\n')
    const cases: [Record<string, string>, string[], string][] = [
      [
        { AWS_CA_BUNDLE: join(tmp.dir, 'missing.pem') },
        [],
        `the CA file ${join(tmp.dir, 'missing.pem')} (AWS_CA_BUNDLE) does not exist`,
      ],
      [{ AWS_CA_BUNDLE: notPem }, [], `the CA file ${notPem} (AWS_CA_BUNDLE) holds no PEM certificate`],
      [{}, ['--ca-bundle', notPem], `the CA file ${notPem} (--ca-bundle`],
    ]
    for (const [extra, args, said] of cases) {
      const run = await runCli(['upload', join(tmp.dir, 'small.bin'), `s3://${bucket}/bad-ca/`, ...args], {
        env: env(extra),
      })
      expect(run.code, run.stderr).toBe(2)
      expect(run.stderr).toContain(said)
      expect(run.stderr).toContain('Fix: Point')
    }
    expect(await keysUnder('bad-ca/')).toEqual([])
  })
})
