// Wires window.ferry in a plain Chromium page to the headless main in the test process.
// The page gets the SAME factory the Electron preload uses (createFerryApi, its source
// injected as text), over a different transport: invoke goes through page.exposeBinding to
// headless.dispatch, and headless.subscribe events come back through page.evaluate.
// Both carry their payload as JSON text, parsed in the page: Playwright hands a structured
// value to the page as a tree of protocol objects that Chromium converts one node at a time,
// about 30 ms of the page's main thread for one page of 1,000 listed objects (a long task
// of the harness, not the app's), where Electron's IPC clones it in about a millisecond.
// The bridge's values are plain JSON data (no dates, bytes or undefined that matter).
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
    invoke: (channel, payload) =>
      window[${JSON.stringify(INVOKE_BINDING)}](channel, payload).then((text) => JSON.parse(text)),
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
      emit(channel, text) {
        const payload = JSON.parse(text)
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
  await page.exposeBinding(INVOKE_BINDING, async (_source, channel: string, payload: unknown) =>
    JSON.stringify(await main.dispatch(channel, payload)),
  )
  await page.addInitScript({ content: harnessScript() })
  const failures: string[] = []
  const unsubscribers = Object.values(bridgeEvents).map((channel) =>
    main.subscribe(channel, (payload) => {
      page
        .evaluate(([c, text]) => (globalThis as unknown as PageWindow).__ferryHarness.emit(c, text), [
          channel,
          JSON.stringify(payload),
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
