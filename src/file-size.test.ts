// Source files stay small enough to read in one sitting and to name for one thing. A file that
// grows past the limit wants splitting by responsibility, not a higher limit.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const MAX_LINES = 400
const SOURCE = /\.(ts|tsx)$/
const TEST = /\.test\.tsx?$/

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return SOURCE.test(entry.name) && !TEST.test(entry.name) ? [path] : []
  })
}

const lineCount = (path: string): number => readFileSync(path, 'utf8').split('\n').length - 1

describe('source file size', () => {
  it(`keeps every source file in src at ${MAX_LINES} lines or fewer`, () => {
    const files = sourceFiles('src')
    expect(files.length).toBeGreaterThan(100)
    const tooLong = files
      .map((path) => ({ path, lines: lineCount(path) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ path, lines }) => `${path}: ${lines} lines`)
    expect(tooLong).toEqual([])
  })
})
