import type { Question, ShellPort, TrayAction, TrayModel } from '../shell-port'

/**
 * The tray, questions and message boxes under Node: what Ferry showed is recorded, and a test
 * answers questions and save dialogs beforehand, or picks a tray item as a person would.
 * An unanswered question is a "no", an unanswered save dialog a cancel.
 */
export class RecordingShell implements ShellPort {
  readonly #answers: boolean[] = []
  readonly #savePicks: (string | null)[] = []
  #onTrayAction: ((action: TrayAction) => void) | undefined
  /** The tray as last shown; null until Ferry shows it. */
  tray: TrayModel | null = null
  readonly questions: Question[] = []
  readonly messages: { title: string; message: string; detail: string }[] = []
  readonly opened: string[] = []
  /** The login item as last set; null until Ferry sets it. */
  openAtLogin: boolean | null = null

  reset(): void {
    this.#answers.length = 0
    this.#savePicks.length = 0
    this.questions.length = 0
    this.messages.length = 0
    this.opened.length = 0
  }

  /** The next question is answered so. */
  answerQuestion(confirmed: boolean): void {
    this.#answers.push(confirmed)
  }

  /** The next save dialog answers with this path (null: the person cancels). */
  answerSavePick(path: string | null): void {
    this.#savePicks.push(path)
  }

  /** Picks an item of the tray's menu; refused when the tray does not offer it enabled. */
  pickTrayItem(action: TrayAction): void {
    const item = this.tray?.items.find((i) => 'action' in i && i.action === action)
    if (!item || !('action' in item) || !item.enabled || !this.#onTrayAction)
      throw new Error(`the tray offers no enabled "${action}"`)
    this.#onTrayAction(action)
  }

  setTray(model: TrayModel, onAction: (action: TrayAction) => void): void {
    this.tray = model
    this.#onTrayAction = onAction
  }

  async confirm(question: Question): Promise<boolean> {
    this.questions.push(question)
    return this.#answers.shift() ?? false
  }

  showMessage(title: string, message: string, detail: string): void {
    this.messages.push({ title, message, detail })
  }

  async pickSaveFile(_title: string, _defaultName: string): Promise<string | null> {
    return this.#savePicks.shift() ?? null
  }

  openPath(path: string): void {
    this.opened.push(path)
  }

  setOpenAtLogin(enabled: boolean): void {
    this.openAtLogin = enabled
  }
}
