// Transfers held for the network wait for their endpoint to answer again. One probe loop runs
// per endpoint, however many transfers wait for it, backing off between probes; a wake from
// the system (resumed from sleep, a new network) cuts the current wait short.
import type { EngineConnection } from '../../../shared/engine-protocol'
import { probeDelayMs, type EndpointProbe } from './endpoint-probe'

export const endpointKey = (c: Pick<EngineConnection, 'endpoint' | 'region'>): string =>
  `${c.endpoint}|${c.region}`

export interface Watch {
  /** Whether anything still waits for this endpoint; the loop ends when nothing does. */
  waiting(): boolean
  /** The endpoint answered. */
  back(): void
}

export class EndpointWatch {
  readonly #loops = new Map<string, { wake: () => void }>()

  constructor(
    private readonly probe: EndpointProbe,
    /** Asleep or closed: loops end, and the next release starts them again. */
    private readonly stopped: () => boolean,
  ) {}

  watch(connection: EngineConnection, watch: Watch): void {
    const key = endpointKey(connection)
    if (this.#loops.has(key)) return
    let wake = () => {}
    this.#loops.set(key, { wake: () => wake() })
    void (async () => {
      try {
        for (let attempt = 0; !this.stopped(); attempt++) {
          if (!watch.waiting()) return
          if (await this.probe(connection)) {
            if (!this.stopped()) watch.back()
            return
          }
          await new Promise<void>((r) => {
            const timer = setTimeout(r, probeDelayMs(attempt))
            timer.unref?.()
            wake = () => {
              clearTimeout(timer)
              r()
            }
          })
        }
      } finally {
        this.#loops.delete(key)
      }
    })()
  }

  wakeAll(): void {
    for (const loop of this.#loops.values()) loop.wake()
  }
}
