// The test servers' scripts (scripts/s3-server.sh, scripts/net-servers.sh) print KEY=VALUE lines
// on start; the global setups hand them to the tests through the environment.
import { execFileSync } from 'node:child_process'

/** Runs `bash SCRIPT start`, copies its FERRY_TEST_<group>_* lines into process.env, returns the output. */
export function startScriptIntoEnv(script: string, group: string): string {
  const output = execFileSync('bash', [script, 'start'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const line = new RegExp(`^(FERRY_TEST_${group}[A-Z_]+)=(.*)$`)
  for (const text of output.split('\n')) {
    const match = line.exec(text.trim())
    if (match) process.env[match[1]!] = match[2]!
  }
  return output
}
