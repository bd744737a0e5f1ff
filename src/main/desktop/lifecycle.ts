// The app's lifecycle decisions, as pure functions the Electron entry follows: what closing
// the window does, whether quitting asks first (and what it says), and whether a start shows
// the window or stays in the tray.
import type { Question } from '../core/shell-port'

/** Closing the window hides it while Ferry keeps running in the tray, unless Ferry is quitting. */
export function closeDecision(state: { quitting: boolean }): 'hide' | 'close' {
  return state.quitting ? 'close' : 'hide'
}

export type QuitDecision = { kind: 'quit' } | { kind: 'ask'; question: Question }

/**
 * Quitting with transfers running asks first, and says what happens to them: with "resume
 * at start" they carry on at the next start (the journals hold every finished part); without
 * it they wait, paused, for the person.
 */
export function quitDecision(state: { running: number; resumeOnStart: boolean }): QuitDecision {
  if (state.running === 0) return { kind: 'quit' }
  const count =
    state.running === 1 ? '1 transfer is' : `${state.running.toLocaleString('en-US')} transfers are`
  const detail = state.resumeOnStart
    ? 'They will resume from where they stopped the next time Ferry starts.'
    : 'They will wait, paused, until you resume them (Resume all, or ferry resume --all).'
  return {
    kind: 'ask',
    question: {
      title: 'Quit Ferry?',
      message: `${count} still running. Quit anyway?`,
      detail: `${detail} Files sent with ferry send wait in the queue the same way.`,
      confirmLabel: 'Quit',
      cancelLabel: 'Keep running',
    },
  }
}

/** The argument the login item starts Ferry with, so it starts in the tray. */
export const HIDDEN_FLAG = '--hidden'

/** A start at login stays in the tray: by our own flag (Windows, Linux) or macOS's word for it. */
export function startsHidden(argv: readonly string[], openedAtLogin: boolean): boolean {
  return openedAtLogin || argv.includes(HIDDEN_FLAG)
}
