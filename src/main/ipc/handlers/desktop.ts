import { FerryError } from '../../../shared/errors'
import type { Core } from '../../core/create-core'
import type { DesktopPort } from '../../core/ports'
import { desktopServices } from '../../desktop/desktop-services'
import { exportDiagnostics } from '../../desktop/diagnostics-export'
import type { Handler } from '../handler-types'
import { listTransfers } from './transfers'

export function desktopOf(core: Core): DesktopPort {
  const desktop = core.deps.desktop
  if (!desktop) {
    throw new FerryError({
      code: 'internal',
      message: 'this Ferry host has no desktop (dialogs, clipboard)',
      fix: 'Use the Ferry app, or the CLI with paths on the command line.',
    })
  }
  return desktop
}

export const pickUploadSources: Handler<'app:pick-upload-sources'> = async ({ kind }, core) =>
  desktopOf(core).pickUploadSources(kind)

// The page could write the clipboard itself only with a permission Ferry's window denies to everything.
export const copyText: Handler<'app:copy-text'> = async ({ text }, core) => {
  desktopOf(core).copyText(text)
  return null
}

export const exportDiagnosticsFile: Handler<'app:export-diagnostics'> = async (_request, core) => {
  desktopOf(core)
  return exportDiagnostics(core, desktopServices(core).log, () => listTransfers({}, core))
}
