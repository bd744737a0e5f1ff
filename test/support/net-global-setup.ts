// Starts the network around the S3 server once per run (scripts/net-servers.sh): TLS fronts with a
// certificate authority made for the run, and tinyproxy. Hands their addresses to the tests through
// the environment, unless FERRY_TEST_TLS_ENDPOINT says they already run.
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { startScriptIntoEnv } from './script-env'

const root = resolve(import.meta.dirname, '../..')

export default function setup(): () => void {
  if (process.env['FERRY_TEST_TLS_ENDPOINT']) return () => {}
  const script = resolve(root, 'scripts/net-servers.sh')
  // FERRY_TEST_CA_DIR, FERRY_TEST_TLS_*, FERRY_TEST_PROXY*.
  const output = startScriptIntoEnv(script, '')
  if (!process.env['FERRY_TEST_TLS_ENDPOINT'])
    throw new Error(`scripts/net-servers.sh start printed no TLS endpoint:\n${output}`)
  return () => {
    if (!process.env['FERRY_KEEP_S3']) execFileSync('bash', [script, 'stop'], { stdio: 'inherit' })
  }
}
