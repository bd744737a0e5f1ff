// Whether Ferry keeps the computer from sleeping: only while data moves, and by default only
// on AC power (a laptop on battery that sleeps is the person's choice; a sleep mid-upload
// costs a pause and a resume, not data).
import type { TransferState } from './domain/transfer'

export type KeepAwakeSetting = 'on-ac' | 'always' | 'never'

export const DEFAULT_KEEP_AWAKE: KeepAwakeSetting = 'on-ac'

/** States in which bytes move or are about to (waiting, paused and settled ones do not). */
const MOVING: ReadonlySet<TransferState> = new Set(['preparing', 'uploading', 'downloading', 'verifying'])

export const isMoving = (state: TransferState): boolean => MOVING.has(state)

export function shouldKeepAwake(
  setting: KeepAwakeSetting,
  now: { moving: boolean; onBattery: boolean },
): boolean {
  if (!now.moving) return false
  if (setting === 'always') return true
  if (setting === 'never') return false
  return !now.onBattery
}
