// Where Ferry keeps its state (journals, settings) when FERRY_STATE_DIR does not say: the
// app's data folder, so `ferry resume` and `ferry transfers` see the app's transfers and the
// app sees the CLI's. The same path Electron's app.getPath('userData') gives an app named
// APP_DATA_NAME, plus /state.
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The folder name under the platform's application-data folder. */
export const APP_DATA_NAME = 'Ferry'

export function defaultStateDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  return join(appDataDir(env, platform, home), APP_DATA_NAME, 'state')
}

/** Electron's appData: %APPDATA% on Windows, ~/Library/Application Support on macOS, XDG elsewhere. */
function appDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') return env['APPDATA'] || join(home, 'AppData', 'Roaming')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support')
  return env['XDG_CONFIG_HOME'] || join(home, '.config')
}

/** FERRY_STATE_DIR when set, else the default above. */
export const stateDirFrom = (env: NodeJS.ProcessEnv = process.env): string =>
  env['FERRY_STATE_DIR'] || defaultStateDir(env)

/** The journals' folder inside a state folder. */
export const journalDirOf = (stateDir: string): string => join(stateDir, 'transfers')
