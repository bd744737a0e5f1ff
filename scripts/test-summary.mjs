// Adds up vitest's and Playwright's JSON reports into the one closing line CI reads.
import { existsSync, readFileSync } from 'node:fs'

const [vitestPath, playwrightPath] = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0

if (vitestPath && existsSync(vitestPath)) {
  const v = JSON.parse(readFileSync(vitestPath, 'utf8'))
  passed += v.numPassedTests ?? 0
  failed += (v.numFailedTests ?? 0) + (v.numFailedTestSuites ?? 0)
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)
} else failed += 1

if (playwrightPath && existsSync(playwrightPath)) {
  const s = JSON.parse(readFileSync(playwrightPath, 'utf8')).stats ?? {}
  passed += (s.expected ?? 0) + (s.flaky ?? 0)
  failed += s.unexpected ?? 0
  skipped += s.skipped ?? 0
} else failed += 1

console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
