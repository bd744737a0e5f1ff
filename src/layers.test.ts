// The layer rules in eslint.config.js, tried on imports that point the wrong way: lint must
// refuse each, and accept the same file importing a layer below it.
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

const wrongWay: [file: string, specifier: string][] = [
  ['src/main/engine/x.ts', '../core/objects/list'],
  ['src/main/engine/download/x.ts', '../../daemon/durable-queue'],
  ['src/main/core/transfers/x.ts', '../../engine/upload-job'],
  ['src/main/core/x.ts', '../ipc/dispatch'],
  ['src/main/journal/x.ts', '../s3/head'],
  ['src/main/journal/x.ts', '../engine/upload-job'],
  ['src/main/s3/x.ts', '../journal/journal'],
  ['src/main/s3/x.ts', '../core/objects/list'],
  ['src/main/daemon/x.ts', '../engine/upload-job'],
  ['src/main/desktop/x.ts', '../engine/download/download'],
  ['src/main/ipc/handlers/x.ts', '../../engine/entry'],
  ['src/cli/commands/x.ts', '../../main/engine/upload-job'],
]

describe('layer rules', () => {
  // The first lint loads the whole config and its parser: slow on a busy machine, once.
  beforeAll(() => problems('src/main/s3/x.ts', 'export const a = 1\n'), 60_000)

  it.each(wrongWay)('%s may not import %s', async (file, specifier) => {
    const found = await problems(file, `import { a } from '${specifier}'\nexport const b = a\n`)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(/may not import these layers/)
  })

  it.each([
    ['src/main/engine/x.ts', '../s3/head'],
    ['src/main/engine/x.ts', '../journal/journal'],
    ['src/main/core/x.ts', '../journal/catalog'],
    ['src/main/daemon/x.ts', '../core/objects/list'],
    ['src/cli/commands/x.ts', '../../main/core/objects/list'],
  ])('%s may import %s', async (file, specifier) => {
    expect(await problems(file, `import { a } from '${specifier}'\nexport const b = a\n`)).toEqual([])
  })

  it('keeps Electron out of every layer below src/main/electron', async () => {
    const found = await problems(
      'src/main/core/x.ts',
      `import { app } from 'electron'\nexport const b = app\n`,
    )
    expect(found.join('\n')).toMatch(/plain Node/)
  })
})
