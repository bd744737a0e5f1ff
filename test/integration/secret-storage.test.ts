// Where no OS keychain exists (the headless host, like Linux without a keyring), the app says
// so, keeps a secret for the session only, and writes it to disk only when the person chooses
// "Remember without encryption". Through the bridge, across a restart of the main side.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createHeadlessMain, type HeadlessMain } from '../../src/main/headless'
import type { ConnectionSummary } from '../../src/shared/domain/connection'
import { testConnection } from '../support/s3'
import { enginePath, tempDir } from './upload-support'

describe('secrets without a keychain', () => {
  const tmp = tempDir('keychainless')
  const stateDir = join(tmp.dir, 'state')
  const c = testConnection()
  const secret = c.credentials!.secretAccessKey
  const open: HeadlessMain[] = []
  const start = () => {
    const main = createHeadlessMain({ stateDir, enginePath })
    open.push(main)
    return main
  }
  const settings = () => readFileSync(join(stateDir, 'ferry-settings.json'), 'utf8')
  afterAll(async () => {
    for (const main of open) await main.close()
    tmp.cleanup()
  })

  it('says there is no keychain, keeps the secret for the session, and loses it on restart', async () => {
    const main = start()
    expect(await main.dispatch('app:info', {})).toMatchObject({
      ok: true,
      value: { secretsEncrypted: false },
    })
    const saved = await main.dispatch('connections:save', {
      name: 'session only',
      endpoint: c.endpoint,
      pathStyle: true,
      accessKeyId: c.credentials!.accessKeyId,
      secretAccessKey: secret,
    })
    if (!saved.ok) throw new Error(saved.error.message)
    const summary = saved.value as ConnectionSummary
    expect(summary).toMatchObject({ hasSecret: true, secretStorage: 'session' })
    expect(await main.dispatch('connections:test', { connectionId: summary.id })).toMatchObject({ ok: true })
    expect(settings()).not.toContain(secret)
    await main.close()

    const restarted = start()
    const listed = await restarted.dispatch('connections:list', {})
    expect(listed).toMatchObject({
      ok: true,
      value: [{ id: summary.id, hasSecret: false, secretStorage: 'none' }],
    })
    const tested = await restarted.dispatch('connections:test', { connectionId: summary.id })
    expect(tested).toMatchObject({ ok: false, error: { code: 'invalid-credentials' } })
    if (!tested.ok) expect(tested.error.fix).toMatch(/enter its secret access key/)
  })

  it('remembers the secret across a restart only when the person chooses to, unencrypted', async () => {
    const main = start()
    const saved = await main.dispatch('connections:save', {
      name: 'remembered',
      endpoint: c.endpoint,
      pathStyle: true,
      accessKeyId: c.credentials!.accessKeyId,
      secretAccessKey: secret,
      rememberWithoutKeychain: true,
    })
    if (!saved.ok) throw new Error(saved.error.message)
    const id = (saved.value as ConnectionSummary).id
    expect(saved.value).toMatchObject({ hasSecret: true, secretStorage: 'file' })
    expect(settings()).toContain(secret)
    await main.close()

    const restarted = start()
    expect(await restarted.dispatch('connections:test', { connectionId: id })).toMatchObject({ ok: true })
    const listed = await restarted.dispatch('connections:list', {})
    expect(JSON.stringify(listed)).not.toContain(secret)

    // Changing one's mind takes it off the disk and keeps it for the session.
    const back = await restarted.dispatch('connections:save', {
      id,
      name: 'remembered',
      endpoint: c.endpoint,
      pathStyle: true,
      accessKeyId: c.credentials!.accessKeyId,
    })
    expect(back).toMatchObject({ ok: true, value: { secretStorage: 'session' } })
    expect(settings()).not.toContain(secret)
    expect(await restarted.dispatch('connections:test', { connectionId: id })).toMatchObject({ ok: true })
  })
})
