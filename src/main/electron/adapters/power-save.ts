// Keeps the computer awake while transfers move data, through powerSaveBlocker, as the
// keep-awake setting and the power source allow (shared/keep-awake decides).
import { powerMonitor, powerSaveBlocker } from 'electron'
import type { TransferSummary } from '../../../shared/domain/transfer'
import { isMoving, shouldKeepAwake, type KeepAwakeSetting } from '../../../shared/keep-awake'

export interface TransferFeed {
  onChanged(listener: (batch: TransferSummary[]) => void): () => void
}

/** Starts watching; returns a function that stops watching and lets the computer sleep. */
export function keepAwakeWhileMoving(transfers: TransferFeed, setting: () => KeepAwakeSetting): () => void {
  const moving = new Set<string>()
  let blocker: number | undefined
  const update = () => {
    const want = shouldKeepAwake(setting(), {
      moving: moving.size > 0,
      onBattery: powerMonitor.isOnBatteryPower(),
    })
    if (want && blocker === undefined) {
      // prevent-app-suspension: the system stays up, the display may still turn off.
      blocker = powerSaveBlocker.start('prevent-app-suspension')
    } else if (!want && blocker !== undefined) {
      powerSaveBlocker.stop(blocker)
      blocker = undefined
    }
  }
  const off = transfers.onChanged((batch) => {
    for (const s of batch) {
      if (isMoving(s.state)) moving.add(s.id)
      else moving.delete(s.id)
    }
    update()
  })
  powerMonitor.on('on-ac', update)
  powerMonitor.on('on-battery', update)
  return () => {
    off()
    powerMonitor.off('on-ac', update)
    powerMonitor.off('on-battery', update)
    if (blocker !== undefined) powerSaveBlocker.stop(blocker)
    blocker = undefined
  }
}
