// Once per run: start radosgw (unless FERRY_TEST_S3_ENDPOINT names another server) so that
// every worker shares one server, and say up front whether the electron project will run.
import { existsSync } from 'node:fs'
import { electronUnavailableReason } from './support/electron-app'
import { BUILT_HEADLESS, BUILT_RENDERER } from './support/paths'
import { startS3Server, stopS3Server } from './support/s3-server'

export default function globalSetup(): () => void {
  if (!existsSync(BUILT_HEADLESS) || !existsSync(`${BUILT_RENDERER}/index.html`)) {
    throw new Error(
      'out/ is missing or incomplete: run `npx electron-vite build` first (npm test does it for you).',
    )
  }
  const electronSkip = electronUnavailableReason()
  if (electronSkip) console.log(`[electron] project skipped: ${electronSkip}`)

  if (process.env['FERRY_TEST_S3_ENDPOINT']) return () => {}
  startS3Server()
  // Started here, so stopped here; a server that was running already (npm test's, a
  // developer's) is the caller's to stop.
  const reused = process.env['FERRY_TEST_S3_REUSED'] === '1'
  return () => {
    if (!reused && !process.env['FERRY_KEEP_S3']) stopS3Server()
  }
}
