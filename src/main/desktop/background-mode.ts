// Ferry keeps running with its window closed: transfers and ferry send carry on, and the tray
// icon shows their progress and offers Show Ferry, Pause all, Resume all and Quit. Quitting
// while something runs asks first (lifecycle.ts says what). The login item follows the
// "Open Ferry at login" setting.
import type { TransferSummary } from '../../shared/domain/transfer'
import type { Core } from '../core/create-core'
import type { TrayAction } from '../core/shell-port'
import { quitDecision } from './lifecycle'
import { TrayFollower } from './tray-model'

export interface BackgroundActions {
  show(): void
  quit(): void
  pauseAll(): Promise<unknown>
  resumeAll(): Promise<unknown>
  /** Every transfer the window shows, for the tray's first model. */
  list(): Promise<TransferSummary[]>
  /** Subscribes to every transfer change the window sees. */
  onChanged(listener: (batch: TransferSummary[]) => void): () => void
}

export interface BackgroundMode {
  /** Asks, when transfers run, whether to quit; true to go ahead. */
  confirmQuit(): Promise<boolean>
  close(): void
}

export function startBackgroundMode(core: Core, actions: BackgroundActions): BackgroundMode {
  const desktop = core.deps.desktop
  const follower = new TrayFollower()
  const onAction = (action: TrayAction) => {
    switch (action) {
      case 'show':
        return actions.show()
      case 'pause-all':
        return void actions.pauseAll()
      case 'resume-all':
        return void actions.resumeAll()
      case 'quit':
        return actions.quit()
    }
  }
  const show = (batch: TransferSummary[]) => {
    const model = follower.update(batch)
    if (model) desktop?.setTray(model, onAction)
  }
  show([])
  const off = actions.onChanged(show)
  void actions.list().then(show, () => {})

  let openAtLogin: boolean | undefined
  const followLogin = () => {
    const wanted = core.settings.get().openAtLogin
    if (wanted === openAtLogin) return
    openAtLogin = wanted
    desktop?.setOpenAtLogin(wanted)
  }
  followLogin()
  const offSettings = core.settings.onChanged(followLogin)

  return {
    async confirmQuit() {
      const decision = quitDecision({
        running: follower.running(),
        resumeOnStart: core.settings.get().resumeOnStart,
      })
      if (decision.kind === 'quit' || !desktop) return true
      actions.show()
      return desktop.confirm(decision.question)
    },
    close() {
      off()
      offSettings()
    },
  }
}
