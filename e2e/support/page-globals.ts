// What page-side callbacks (page.evaluate, addInitScript) use of the browser. The e2e
// files compile in the node-side project, without the DOM library, so the few browser
// names they touch are declared here instead of pulling DOM types into main's code.
// Callbacks run in the page, serialized: they reach these through
// `globalThis as unknown as PageWindow`, never through a helper from this module.
import type { FerryWindowApi } from '../../src/preload/api'

export interface PageFile {
  readonly name: string
}

export interface PageDataTransfer {
  readonly items: { add(file: PageFile): unknown }
}

/** Installed by the harness's init script; absent in Electron, where the preload is real. */
export interface FerryHarness {
  /** Delivers one event, its payload as JSON text (see page-bridge). */
  emit(channel: string, payloadJson: string): void
  registerFile(file: PageFile, path: string): void
}

export interface PageWindow {
  ferry: FerryWindowApi
  __ferryHarness: FerryHarness
  DataTransfer: new () => PageDataTransfer
  File: new (bits: Uint8Array[], name: string, options: { type?: string; lastModified?: number }) => PageFile
  atob(data: string): string
  [key: string]: unknown
}
