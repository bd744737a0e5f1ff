// What may be sent: an existing, readable regular file. `ferry send` checks before it
// submits (a clear error, no job); the daemon checks again, for clients other than ferry send
// and because the file may have changed in between.
import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import { FerryError } from '../../shared/errors'

/** Throws source-missing, source-not-a-file or source-unreadable; `reader` names who must read it. */
export async function checkSendable(path: string, reader: 'you' | 'the daemon'): Promise<void> {
  if (!isAbsolute(path)) {
    throw new FerryError({
      code: 'bad-input',
      message: `${path} is not an absolute path`,
      fix: 'Send absolute paths: the daemon does not know the client’s working folder.',
    })
  }
  const unreadable = () =>
    new FerryError({
      code: 'source-unreadable',
      message: `${path} cannot be read by ${reader} (permission denied)`,
      fix:
        reader === 'you'
          ? 'Make it readable; the daemon runs as you.'
          : 'Make it readable by the user the daemon runs as.',
    })
  let s
  try {
    s = await stat(path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM') throw unreadable()
    throw new FerryError({
      code: 'source-missing',
      message: `${path} does not exist`,
      fix: 'Check the path and send the file once it is written.',
    })
  }
  // A FIFO would block the reader and a device may never end: only regular files are objects.
  if (!s.isFile()) {
    throw new FerryError({
      code: 'source-not-a-file',
      message: `${path} is ${s.isDirectory() ? 'a folder' : 'not a regular file'}`,
      fix: s.isDirectory()
        ? 'Send the files in it one by one, or use ferry upload for folders.'
        : 'Send a regular file.',
    })
  }
  try {
    await access(path, constants.R_OK)
  } catch {
    throw unreadable()
  }
}
