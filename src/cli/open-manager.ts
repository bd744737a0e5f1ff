// The transfer scheduler a CLI command runs its transfers through: over the journal folder the
// app uses too, with the engine in the command's own process.
import { journalDirOf, stateDirFrom } from '../main/core/transfers/state-dir'
import { DEFAULT_MAX_ACTIVE_FILES, TransferManager } from '../main/core/transfers/transfer-manager'
import { cliEngine } from './engine-launch'

/**
 * A transfer manager over the journal folder the app uses too (FERRY_STATE_DIR overrides).
 * `transfers` (--transfers, default DEFAULT_MAX_ACTIVE_FILES as its help says) holds uploads and
 * downloads alike: the app's lower download limit is for a window's selections, not for a
 * command asked to fetch a prefix.
 */
export function openManager(env: NodeJS.ProcessEnv, transfers?: number): TransferManager {
  const files = transfers ?? DEFAULT_MAX_ACTIVE_FILES
  return new TransferManager({
    maxActiveFiles: files,
    maxActiveDownloads: files,
    launchEngine: cliEngine(),
    journalDir: journalDirOf(stateDirFrom(env)),
  })
}
