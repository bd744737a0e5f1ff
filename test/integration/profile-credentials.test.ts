// A connection that names an AWS profile the machine does not have (or one without keys)
// must say which profile, where Ferry looked, and what to do: at "Test connection", when
// uploads start from the window, and from the engine for a transfer already queued.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { freshBucket, testClient, testConnection } from '../support/s3'

const enginePath = resolve(import.meta.dirname, '../../out/main/engine.js')
const AWS_VARS = ['HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE'] as const

describe('AWS profile errors', () => {
  let home: string
  let main: HeadlessMain
  let bucket: string
  const saved: Partial<Record<(typeof AWS_VARS)[number], string>> = {}
  const server = testConnection()
  const fields = (profile: string) => ({
    name: `profile ${profile}`,
    endpoint: server.endpoint,
    region: server.region,
    pathStyle: true,
    profile,
  })

  beforeAll(async () => {
    // An empty home: no ~/.aws at all, and a config file with one profile that has no keys.
    home = mkdtempSync(join(tmpdir(), 'ferry-aws-home-'))
    for (const name of AWS_VARS) if (process.env[name] !== undefined) saved[name] = process.env[name]
    process.env['HOME'] = home
    process.env['AWS_CONFIG_FILE'] = join(home, 'config')
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = join(home, 'credentials')
    delete process.env['AWS_PROFILE']
    writeFileSync(join(home, 'config'), '[profile keyless]\nregion = us-east-1\n')
    main = createHeadlessMain({ stateDir: join(home, 'state'), enginePath })
    bucket = await freshBucket(testClient(), 'profile')
  })

  afterAll(async () => {
    await main.close()
    for (const name of AWS_VARS) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
    rmSync(home, { recursive: true, force: true })
  })

  const missing = {
    code: 'invalid-credentials',
    message: expect.stringContaining('AWS profile "ferry-missing" does not exist in'),
    fix: expect.stringContaining('aws configure --profile ferry-missing'),
  }

  it('Test connection names the missing profile, the files read, and the fix', async () => {
    const probed = await main.dispatch('connections:probe', fields('ferry-missing'))
    expect(probed).toEqual({ ok: false, error: expect.objectContaining(missing) })
    if (probed.ok) return
    expect(probed.error.message).toContain(join(home, 'config'))
    expect(probed.error.message).toContain(join(home, 'credentials'))

    const keyless = await main.dispatch('connections:probe', fields('keyless'))
    expect(keyless).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-credentials',
        message: expect.stringContaining('"keyless" gives no usable credentials'),
      },
    })
  })

  it('a saved connection fails Test connection and Start upload the same way, queuing nothing', async () => {
    const result = await main.dispatch('connections:save', fields('ferry-missing'))
    if (!result.ok) throw new Error(result.error.message)
    const connection = result.value as ConnectionSummary
    expect(await main.dispatch('connections:test', { connectionId: connection.id })).toEqual({
      ok: false,
      error: expect.objectContaining(missing),
    })
    const before = ((await main.dispatch('transfers:list', {})) as { value: TransferSummary[] }).value.length
    const upload = await main.dispatch('transfers:upload', {
      connectionId: connection.id,
      bucket,
      paths: [join(home, 'config')],
    })
    expect(upload).toEqual({ ok: false, error: expect.objectContaining(missing) })
    const after = ((await main.dispatch('transfers:list', {})) as { value: TransferSummary[] }).value.length
    expect(after).toBe(before)
  })

  it('a transfer queued anyway fails in the engine with the same message', async () => {
    const result = await main.dispatch('connections:save', { ...fields('ferry-missing'), name: 'queued' })
    if (!result.ok) throw new Error(result.error.message)
    const [queued] = await main.core.transfers.upload({
      connectionId: (result.value as ConnectionSummary).id,
      bucket,
      paths: [join(home, 'config')],
    })
    const done = await main.core.transfers.waitFor(queued!.id)
    expect(done.summary.state).toBe('failed')
    expect(done.summary.error).toMatchObject(missing)
  })
})
