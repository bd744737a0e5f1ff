// Starts radosgw once per run (scripts/s3-server.sh), unless FERRY_TEST_S3_ENDPOINT points
// the suite at another server, and hands the endpoint to the tests through the environment.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { startScriptIntoEnv } from './script-env'

const root = resolve(import.meta.dirname, '../..')

export default function setup(): () => void {
  if (!existsSync(resolve(root, 'out/main/engine.js'))) {
    throw new Error('out/main/engine.js is missing: run `npm run build` first (npm test does it for you).')
  }
  if (process.env['FERRY_TEST_S3_ENDPOINT']) return () => {}
  const script = resolve(root, 'scripts/s3-server.sh')
  const output = startScriptIntoEnv(script, 'S3_')
  if (!process.env['FERRY_TEST_S3_ENDPOINT'])
    throw new Error(`scripts/s3-server.sh start printed no endpoint:\n${output}`)
  // Started here, so stopped here; a server that was running already (a developer's, another
  // run's on the same state folder) is not this run's to stop.
  const reused = process.env['FERRY_TEST_S3_REUSED'] === '1'
  return () => {
    if (!reused && !process.env['FERRY_KEEP_S3']) execFileSync('bash', [script, 'stop'], { stdio: 'inherit' })
  }
}
