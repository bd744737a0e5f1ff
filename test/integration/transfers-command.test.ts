// `ferry transfers` lists journaled transfers, the CLI's and the app's alike.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshBucket, testClient, testConnection } from '../support/s3'
import { runFerry, tempDir, testManager, writeRandomFile } from './upload-support'

describe('ferry transfers', () => {
  const tmp = tempDir('transfers')
  const stateDir = join(tmp.dir, 'state')
  let env: NodeJS.ProcessEnv
  let bucket: string

  beforeAll(async () => {
    bucket = await freshBucket(testClient(), 'list')
    const c = testConnection()
    env = {
      ...process.env,
      FERRY_STATE_DIR: stateDir,
      AWS_ENDPOINT_URL: c.endpoint,
      AWS_ACCESS_KEY_ID: c.credentials!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: c.credentials!.secretAccessKey,
      AWS_REGION: c.region,
    }
  })
  afterAll(() => tmp.cleanup())

  it('says when there is nothing journaled', async () => {
    const r = await runFerry(['transfers'], { ...env, FERRY_STATE_DIR: join(tmp.dir, 'empty') })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('No transfers journaled')
  })

  it("lists a transfer made through the manager (the app's path) and one made by the CLI", async () => {
    writeRandomFile(join(tmp.dir, 'app.txt'), 100)
    writeRandomFile(join(tmp.dir, 'cli.txt'), 200)
    const { manager } = testManager(join(stateDir, 'transfers'))
    try {
      const [s] = await manager.upload({
        connection: testConnection(),
        connectionId: 'saved-1',
        bucket,
        paths: [join(tmp.dir, 'app.txt')],
      })
      expect((await manager.waitFor(s!.id)).summary.state).toBe('done')
    } finally {
      await manager.close()
    }
    expect((await runFerry(['upload', join(tmp.dir, 'cli.txt'), `s3://${bucket}/`], env)).code).toBe(0)

    const r = await runFerry(['transfers', '--json'], env)
    expect(r.code).toBe(0)
    const listed = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(listed).toEqual([
      expect.objectContaining({
        key: 'app.txt',
        state: 'done',
        connectionId: 'saved-1',
        bytesDone: 100,
        verification: expect.objectContaining({ verified: true }),
      }),
      expect.objectContaining({ key: 'cli.txt', state: 'done', connectionId: '', bytesDone: 200 }),
    ])
    // Journals hold where a transfer went, never how to sign in.
    expect(r.stdout).not.toContain(testConnection().credentials!.secretAccessKey)
    const table = await runFerry(['transfers'], env)
    expect(table.stdout.split('\n')[0]).toMatch(/^ID +STATE +DONE +SIZE/)
    expect(table.stdout).toContain(`s3://${bucket}/cli.txt`)
  })

  it('--clear forgets finished transfers and keeps the rest', async () => {
    writeFileSync(
      join(stateDir, 'transfers', 'paused-00000001.journal'),
      '{"t":"header","v":1,"transferId":"paused-00000001","kind":"single","at":"2026-01-01T00:00:00.000Z","pid":1,"source":"/x","size":1,"mtimeMs":1,"partSize":1,"partCount":1,"bucket":"b","key":"k","headers":{"metadata":{}},"ifExists":"fail","tuning":{},"connection":{"endpoint":"","region":"us-east-1","pathStyle":false}}\n{"t":"state","at":"2026-01-01T00:00:01.000Z","state":"paused"}\n',
    )
    const r = await runFerry(['transfers', '--clear'], env)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('Cleared 2 finished transfers.\n')
    const left = await runFerry(['transfers', '--json'], env)
    expect(
      left.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(['paused-00000001'])
  })

  it('shows a damaged journal with the fix instead of failing', async () => {
    mkdirSync(join(stateDir, 'transfers'), { recursive: true })
    writeFileSync(join(stateDir, 'transfers', 'broken-00000000.journal'), 'not json at all\n{"t":"part"}\n')
    const r = await runFerry(['transfers', '--json'], env)
    expect(r.code).toBe(0)
    const broken = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((s) => s.id === 'broken-00000000')
    expect(broken).toMatchObject({ state: 'failed', error: { code: 'journal-corrupt' } })
    expect(broken.error.fix).toContain('broken-00000000.journal')
    const resume = await runFerry(['resume', 'broken-00000000'], env)
    expect(resume.code).toBe(1)
    expect(resume.stderr).toMatch(/is damaged .*Fix: Delete/)
  })
})
