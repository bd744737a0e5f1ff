// The only main-side file allowed to touch ipcMain. Every channel of the contract is
// registered through one wrapper that rejects other frames and validates the payload.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { bridgeEvents, requestSchemas, type EventChannel } from '../../shared/bridge/contract'
import { fail } from '../../shared/errors'
import type { Core } from '../core/create-core'
import { loggedDispatch } from '../ipc/logged-dispatch'
import { subscribeCoreEvent } from '../ipc/events'

export function registerBridge(core: Core, isTrustedUrl: (url: string) => boolean): void {
  for (const channel of Object.keys(requestSchemas)) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      // Only our own top frame may call: not an iframe, not a page navigated elsewhere.
      const frame = event.senderFrame
      if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
        return fail({
          code: 'forbidden-sender',
          message: 'request from an untrusted frame',
          fix: 'None: Ferry only answers its own window.',
        })
      }
      return loggedDispatch(core, channel, payload)
    })
  }
}

/** Forwards core events to a window's renderer until it is destroyed. */
export function forwardEvents(core: Core, contents: WebContents): void {
  const unsubscribers = (Object.values(bridgeEvents) as EventChannel[]).map((channel) =>
    subscribeCoreEvent(core, channel, (payload) => {
      if (!contents.isDestroyed()) contents.send(channel, payload)
    }),
  )
  contents.once('destroyed', () => unsubscribers.forEach((u) => u()))
}
