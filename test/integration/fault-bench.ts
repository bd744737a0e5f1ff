// The setting of the fault tests and the fault matrix: a fault proxy in front of the test
// server, engines that notice a silent connection after idleMs, and random files of the
// given sizes. Call inside a describe: it registers its own beforeAll and afterAll.
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy'
import { testConnection } from '../support/s3'
import { setEnv, tempDir, writeRandomFile } from './upload-support'

export interface FaultBench {
  journalDir: string
  files: { path: string; bytes: Buffer }[]
  /** Available once beforeAll ran. */
  proxy: () => FaultProxy
}

export function faultBench(
  label: string,
  options: { sizes: number[]; seed: number; idleMs: number },
): FaultBench {
  const tmp = tempDir(label)
  const files: FaultBench['files'] = []
  let proxy: FaultProxy | undefined
  let restoreEnv = () => {}
  beforeAll(async () => {
    // The engine is forked with this environment: it notices a silent connection in idleMs.
    restoreEnv = setEnv({ FERRY_IDLE_TIMEOUT_MS: String(options.idleMs) })
    proxy = await startFaultProxy(testConnection().endpoint, options.seed)
    for (const size of options.sizes) {
      const path = join(tmp.dir, `f-${size}.bin`)
      files.push({ path, bytes: writeRandomFile(path, size) })
    }
  })
  afterAll(async () => {
    restoreEnv()
    await proxy?.close()
    tmp.cleanup()
  })
  return { journalDir: join(tmp.dir, 'state', 'transfers'), files, proxy: () => proxy! }
}
