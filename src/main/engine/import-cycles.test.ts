// The engine's modules import each other without a cycle: a cycle makes the load order decide
// which module sees the other half-initialised, and it hides which of two files owns a concept.
// Type-only imports count too, as they do for madge: they still tie the two files together.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ENGINE = resolve(__dirname)

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : []
  })
}

/** Each engine file with the engine files it imports. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files)
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith('.'))
      .flatMap((spec) => {
        const base = resolve(dirname(file), spec)
        return [`${base}.ts`, join(base, 'index.ts')].filter((candidate) => known.has(candidate))
      })
    graph.set(file, targets)
  }
  return graph
}

/** Every cycle found by a depth-first walk, each as the path that closes it. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = []
  const done = new Set<string>()
  const path: string[] = []
  const visit = (node: string): void => {
    const at = path.indexOf(node)
    if (at >= 0) {
      cycles.push([...path.slice(at), node])
      return
    }
    if (done.has(node)) return
    path.push(node)
    for (const next of graph.get(node) ?? []) visit(next)
    path.pop()
    done.add(node)
  }
  for (const node of graph.keys()) visit(node)
  return cycles
}

describe('engine imports', () => {
  it('finds a cycle where there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ])
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']])
  })

  it('form no cycle', () => {
    const files = sourceFiles(ENGINE)
    const graph = importGraph(files)
    expect(graph.get(join(ENGINE, 'job-runner.ts'))).toContain(join(ENGINE, 'upload-job.ts'))
    const cycles = findCycles(graph).map((cycle) => cycle.map((f) => relative(ENGINE, f)).join(' -> '))
    expect(cycles).toEqual([])
  })
})
