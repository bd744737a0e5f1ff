import type { DesktopPort, ProgressMode, UploadPickKind } from '../ports'
import { RecordingShell } from './recording-shell'

export interface RecordedNotification {
  title: string
  body: string
}

/**
 * The desktop under Node (headless host, end-to-end tests): dialogs answer with what a
 * test queued beforehand (as if a person had picked it), and progress, notifications and
 * the clipboard are recorded for the test to read. An unanswered dialog is a cancel.
 */
export class RecordingDesktop extends RecordingShell implements DesktopPort {
  readonly #uploadPicks: string[][] = []
  readonly #folderPicks: (string | null)[] = []
  readonly #filePicks: (string | null)[] = []
  readonly notifications: RecordedNotification[] = []
  readonly progress: { fraction: number | null; mode: ProgressMode }[] = []
  readonly pickRequests: string[] = []
  /** Files "Show in folder" opened, in order. */
  readonly shown: string[] = []
  /** The files of each OS drag started, in order. */
  readonly drags: string[][] = []
  clipboard = ''

  /** Forgets queued answers and everything recorded (a test starting afresh). */
  override reset(): void {
    super.reset()
    this.#uploadPicks.length = 0
    this.#folderPicks.length = 0
    this.#filePicks.length = 0
    this.notifications.length = 0
    this.progress.length = 0
    this.pickRequests.length = 0
    this.shown.length = 0
    this.drags.length = 0
    this.clipboard = ''
  }

  /** The next file dialog answers with these paths. */
  answerUploadPick(paths: string[]): void {
    this.#uploadPicks.push(paths)
  }

  /** The next single-file dialog answers with this file (null: the person cancels). */
  answerFilePick(file: string | null): void {
    this.#filePicks.push(file)
  }

  /** The next folder dialog answers with this folder (null: the person cancels). */
  answerFolderPick(folder: string | null): void {
    this.#folderPicks.push(folder)
  }

  async pickUploadSources(kind: UploadPickKind): Promise<string[]> {
    this.pickRequests.push(`upload-${kind}`)
    return this.#uploadPicks.shift() ?? []
  }

  async pickFile(title: string): Promise<string | null> {
    this.pickRequests.push(title)
    return this.#filePicks.shift() ?? null
  }

  async pickFolder(title: string): Promise<string | null> {
    this.pickRequests.push(title)
    return this.#folderPicks.shift() ?? null
  }

  showInFolder(path: string): void {
    this.shown.push(path)
  }

  setProgress(fraction: number | null, mode: ProgressMode): void {
    this.progress.push({ fraction, mode })
  }

  notify(title: string, body: string): void {
    this.notifications.push({ title, body })
  }

  copyText(text: string): void {
    this.clipboard = text
  }

  startDrag(paths: string[]): void {
    this.drags.push([...paths])
  }
}
