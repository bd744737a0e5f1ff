// Wires window.ferry in a plain Chromium page to the headless main in the test process.
// The page gets the SAME factory the Electron preload uses (createFerryApi, its source
// injected as text), over a different transport: invoke goes through page.exposeBinding to
// headless.dispatch, and headless.subscribe events come back through page.evaluate.
import type { Page } from '@playwright/test'
import type { HeadlessMain } from '../../src/main/headless'
import { createFerryApi } from '../../src/preload/ferry-api'
import { bridgeEvents, bridgeMethods } from '../../src/shared/bridge/methods'
import type { PageWindow } from './page-globals'

const INVOKE_BINDING = '__ferryHarnessInvoke'

/** The init script: runs in every document of the page before the app's own scripts. */
function harnessScript(): string {
  return `(() => {
  const listeners = new Map()
  const files = new WeakMap()
  const transport = {
    invoke: (channel, payload) => window[${JSON.stringify(INVOKE_BINDING)}](channel, payload),
    subscribe(channel, listener) {
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
  }
  const api = (${createFerryApi.toString()})(${JSON.stringify(bridgeMethods)}, ${JSON.stringify(bridgeEvents)}, transport)
  // The preload adds pathForFile from webUtils; here the harness knows the paths it dropped.
  const ferry = Object.freeze({ ...api, pathForFile: (file) => files.get(file) ?? '' })
  Object.defineProperty(window, 'ferry', { value: ferry, enumerable: true })
  Object.defineProperty(window, '__ferryHarness', {
    value: Object.freeze({
      emit(channel, payload) {
        for (const listener of listeners.get(channel) ?? []) listener(payload)
      },
      registerFile(file, path) {
        files.set(file, path)
      },
    }),
  })
})()`
}

export interface PageBridge {
  /** Event deliveries that failed while the page was alive: a harness fault, reported at teardown. */
  readonly failures: string[]
  close(): void
}

export async function connectPageToMain(page: Page, main: HeadlessMain): Promise<PageBridge> {
  await page.exposeBinding(INVOKE_BINDING, (_source, channel: string, payload: unknown) =>
    main.dispatch(channel, payload),
  )
  await page.addInitScript({ content: harnessScript() })
  const failures: string[] = []
  const unsubscribers = Object.values(bridgeEvents).map((channel) =>
    main.subscribe(channel, (payload) => {
      page
        .evaluate(([c, p]) => (globalThis as unknown as PageWindow).__ferryHarness.emit(c, p), [
          channel,
          payload,
        ] as const)
        .catch((e: unknown) => {
          // A page closing or navigating drops its events, as a closed window would.
          const message = e instanceof Error ? e.message : String(e)
          if (!page.isClosed() && !/context was destroyed|Target .*closed/i.test(message))
            failures.push(`${channel}: ${message}`)
        })
    }),
  )
  return {
    failures,
    close: () => unsubscribers.forEach((unsubscribe) => unsubscribe()),
  }
}
