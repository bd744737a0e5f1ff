// Builds window.ferry from the contract's method and event names. This function must stay
// self-contained (no imports, no closures over module scope): the end-to-end harness
// injects its source text into a plain browser page, so the page under test gets the very
// same factory the Electron preload uses, over a different transport.
import type { FerryApi } from '../shared/bridge/contract'

export interface BridgeTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>
  subscribe(channel: string, listener: (payload: unknown) => void): () => void
}

export function createFerryApi(
  methods: Record<string, string>,
  events: Record<string, string>,
  transport: BridgeTransport,
): FerryApi {
  const api: Record<string, unknown> = {}
  for (const [name, channel] of Object.entries(methods)) {
    api[name] = (request?: unknown) => transport.invoke(channel, request === undefined ? {} : request)
  }
  for (const [name, channel] of Object.entries(events)) {
    api[name] = (listener: (payload: unknown) => void) => transport.subscribe(channel, listener)
  }
  return Object.freeze(api) as unknown as FerryApi
}
