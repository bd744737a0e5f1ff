import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { downloadSetsDir, type SetHeader } from '../journal/download-set-journal'
import { appDownloadSetsToFinish } from './download-recovery'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const header = (id: string, extra: Partial<SetHeader> = {}): SetHeader => ({
  v: 1,
  id,
  identity: id,
  createdAt: '2026-12-08T00:00:00.000Z',
  connection: { endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', pathStyle: true, connectionId: 'c1' },
  sources: [{ kind: 'prefix', bucket: 'b', prefix: 'p/' }],
  target: '/tmp/x',
  rules: [],
  ifExists: 'fail',
  tuning: {},
  ...extra,
})

describe('the downloads the app takes up at start', () => {
  it("are the window's sets cut short: not the CLI's, not a sync's, not one that ended", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-dlrec-'))
    dirs.push(dir)
    mkdirSync(downloadSetsDir(dir), { recursive: true })
    const write = (h: SetHeader, ...records: unknown[]) =>
      writeFileSync(
        join(downloadSetsDir(dir), `${h.id}.download-set`),
        [h, ...records].map((r) => JSON.stringify(r)).join('\n') + '\n',
      )
    const cli = header('s2')
    delete cli.connection.connectionId
    write(header('s1'))
    write(cli)
    write(header('s3', { sync: true, ifExists: 'overwrite' }))
    write(header('s6', { ifExists: 'overwrite' }))
    write(header('s4'), { t: 'end', at: '2026-12-08T00:01:00.000Z', status: 'failed' })
    write(header('s5'), { t: 'plan', at: '2026-12-08T00:00:01.000Z', files: 2, bytes: 10, rejected: 0 })
    expect((await appDownloadSetsToFinish(dir)).map((v) => v.header.id)).toEqual(['s1', 's5'])
  })
})
