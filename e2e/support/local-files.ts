import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export interface LocalFiles {
  dir: string
  path(relative: string): string
  remove(): Promise<void>
}

/** A temporary folder holding the given files (relative path -> contents). */
export async function localFiles(contents: Record<string, string | Buffer>): Promise<LocalFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-e2e-files-'))
  for (const [relative, body] of Object.entries(contents)) {
    await mkdir(dirname(join(dir, relative)), { recursive: true })
    await writeFile(join(dir, relative), body)
  }
  return {
    dir,
    path: (relative) => join(dir, relative),
    remove: () => rm(dir, { recursive: true, force: true }),
  }
}
