// The folder a tree download writes into, checked before anything is listed or fetched: a
// file where the folder should be, or a folder this user cannot write, would otherwise fail
// every file one by one with the same error.
import { constants } from 'node:fs'
import { access, mkdir, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { badInput } from '../../../shared/errors'

/** Resolves the folder; with `create`, makes it (and its parents) and checks it can be written. */
export async function checkTargetFolder(folder: string, options: { create: boolean }): Promise<string> {
  const target = resolve(folder)
  const now = await stat(target).catch(() => undefined)
  if (now && !now.isDirectory())
    throw badInput(
      `${target} is a file, and a folder is needed to download into`,
      'Name a folder (it is created when missing), or move the file away.',
    )
  if (!options.create) return target
  try {
    await mkdir(target, { recursive: true })
    await access(target, constants.W_OK | constants.X_OK)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? ''
    throw badInput(
      `cannot write into ${target} (${code || (e as Error).message})`,
      code === 'ENOTDIR'
        ? 'A part of that path is a file; name a folder whose parents are folders.'
        : 'Choose a folder you can write to, or change its permissions (chmod u+w).',
    )
  }
  return target
}
