// Adds up vitest's and Playwright's JSON reports into the one closing line CI reads.
import { existsSync, readFileSync } from 'node:fs'

// A runner that exited non-zero with no failed test (an unhandled error, a crash in setup)
// still counts as one failure, so the line never reads "0 failed" on a red run.
const [vitestPath, vitestStatus, playwrightPath, playwrightStatus] = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0

if (vitestPath && existsSync(vitestPath)) {
  const v = JSON.parse(readFileSync(vitestPath, 'utf8'))
  passed += v.numPassedTests ?? 0
  // numFailedTestSuites also counts each describe block around a failed test; a file that
  // failed without a failed test (an error at import) is what must count on its own.
  const brokenFiles = (v.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length
  failed += (v.numFailedTests ?? 0) + brokenFiles
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)
} else failed += 1
if (vitestStatus !== '0' && failed === 0) failed += 1

if (playwrightPath && existsSync(playwrightPath)) {
  const s = JSON.parse(readFileSync(playwrightPath, 'utf8')).stats ?? {}
  passed += (s.expected ?? 0) + (s.flaky ?? 0)
  failed += s.unexpected ?? 0
  skipped += s.skipped ?? 0
  if (playwrightStatus !== '0' && !(s.unexpected > 0)) failed += 1
} else failed += 1

console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
