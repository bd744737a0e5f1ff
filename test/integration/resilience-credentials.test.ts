// Short-lived credentials. A profile whose credential_process hands out keys that expire in a
// few seconds: main resolves them, refreshes them before each expiry and sends them to the
// engine, which refuses to sign with expired ones, so an upload that outlives several
// expiries proves the engine received the refreshed keys. An SSO profile whose sign-in has
// expired: the transfer waits in needs-credentials naming `aws sso login --profile X`, and
// carries on by itself once the profile works again. radosgw accepts the static test keys;
// only their expiration is short.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ManualSystemEvents } from '../../src/main/core/node-adapters/manual-system-events'
import type { TransferState } from '../../src/shared/domain/transfer'
import type { EngineConnection } from '../../src/shared/engine-protocol'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy'
import { freshBucket, testClient, testConnection } from '../support/s3'
import {
  MiB,
  openUploads,
  readObject,
  setEnv,
  tempDir,
  testManager,
  waitUntil,
  writeRandomFile,
} from './upload-support'

const LIFETIME_S = 4

describe('short-lived credentials', () => {
  const s3 = testClient()
  const tmp = tempDir('creds')
  const journalDir = join(tmp.dir, 'state', 'transfers')
  const config = join(tmp.dir, 'aws-config')
  const issued = join(tmp.dir, 'issued.log')
  let restoreEnv = () => {}
  let proxy: FaultProxy
  let connection: (profile: string) => EngineConnection

  /** A credential_process that logs each expiration it hands out (one line per call). */
  function writeCredentialProcess(lifetimeS: number): string {
    const { accessKeyId, secretAccessKey } = testConnection().credentials!
    const script = join(tmp.dir, `creds-${lifetimeS}.cjs`)
    writeFileSync(
      script,
      `const expiration = new Date(Date.now() + ${lifetimeS * 1000}).toISOString()
require('node:fs').appendFileSync(${JSON.stringify(issued)}, expiration + '\\n')
process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(accessKeyId)}, SecretAccessKey: ${JSON.stringify(secretAccessKey)}, Expiration: expiration }))
`,
    )
    return `${process.execPath} ${script}`
  }

  const issuedExpirations = (): number[] => {
    try {
      return readFileSync(issued, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => Date.parse(l))
    } catch {
      return []
    }
  }

  beforeAll(async () => {
    // Main reads the profile through the SDK, which follows these variables.
    restoreEnv = setEnv({
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: join(tmp.dir, 'no-credentials-file'),
    })
    proxy = await startFaultProxy(testConnection().endpoint, 5)
    const { credentials: _static, ...rest } = testConnection()
    connection = (profile) => ({ ...rest, endpoint: proxy.endpoint, profile })
  })
  afterAll(async () => {
    restoreEnv()
    await proxy.close()
    tmp.cleanup()
  })

  it('refreshes credentials that expire every few seconds during one upload, without a pause', async () => {
    writeFileSync(
      config,
      `[profile short]\ncredential_process = ${writeCredentialProcess(LIFETIME_S)}\nregion = us-east-1\n`,
    )
    const bucket = await freshBucket(s3, 'creds')
    const path = join(tmp.dir, 'long.bin')
    const bytes = writeRandomFile(path, 30 * MiB)
    // 30 MiB at 3 MiB/s: about ten seconds, two or three lifetimes of the keys.
    proxy.setModes({ bytesPerSecond: 3 * MiB })
    const { manager } = testManager(journalDir, { system: new ManualSystemEvents() })
    const states = new Set<TransferState>()
    manager.onChanged((batch) => batch.forEach((t) => states.add(t.state)))
    try {
      const from = proxy.log.length
      const [s] = await manager.upload({
        connection: connection('short'),
        bucket,
        key: 'long.bin',
        paths: [path],
        partSize: 5 * MiB,
        concurrency: 2,
      })
      const done = await manager.waitFor(s!.id)
      expect(done.summary.error).toBeUndefined()
      expect(done.summary.state).toBe('done')
      expect([...states]).not.toContain('needs-credentials')
      const expirations = issuedExpirations()
      console.log(`[credentials] ${expirations.length} credentials issued during the upload`)
      expect(expirations.length).toBeGreaterThanOrEqual(3)
      // The engine signed requests long after the first keys expired: it had fresh ones.
      const signedLater = proxy.log
        .slice(from)
        .filter((r) => r.method === 'PUT' && r.status === 200 && r.at > expirations[0]! + 1000)
      expect(signedLater.length).toBeGreaterThan(0)
      expect((await readObject(s3, bucket, 'long.bin')).equals(bytes)).toBe(true)
      expect(await openUploads(s3, bucket)).toEqual([])
    } finally {
      proxy.setModes({})
      await manager.close()
    }
  })

  it('waits in needs-credentials with the sign-in command when SSO expired, then carries on by itself', async () => {
    writeFileSync(
      config,
      '[profile gone]\nsso_start_url = https://ferry-test.awsapps.com/start\nsso_region = us-east-1\n' +
        'sso_account_id = 123456789012\nsso_role_name = Uploader\nregion = us-east-1\n',
    )
    const bucket = await freshBucket(s3, 'sso')
    const path = join(tmp.dir, 'small.bin')
    const bytes = writeRandomFile(path, 6 * MiB)
    const { manager } = testManager(journalDir, { system: new ManualSystemEvents(), credentialPollMs: 200 })
    try {
      const [s] = await manager.upload({
        connection: connection('gone'),
        bucket,
        key: 'small.bin',
        paths: [path],
        partSize: 5 * MiB,
      })
      const id = s!.id
      const finished = manager.waitFor(id)
      await waitUntil(
        'the transfer waits for credentials',
        () => manager.get(id)?.state === 'needs-credentials',
      )
      expect(manager.get(id)!.error).toMatchObject({
        code: 'credentials-expired',
        fix: expect.stringContaining('`aws sso login --profile gone`'),
      })
      // The person signs in: the profile gives credentials again.
      writeFileSync(
        config,
        `[profile gone]\ncredential_process = ${writeCredentialProcess(3600)}\nregion = us-east-1\n`,
      )
      const done = await finished
      expect(done.summary.state).toBe('done')
      expect((await readObject(s3, bucket, 'small.bin')).equals(bytes)).toBe(true)
      expect(await openUploads(s3, bucket)).toEqual([])
    } finally {
      await manager.close()
    }
  })
})
