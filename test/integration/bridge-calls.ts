// Calling a headless main's bridge as the renderer does, for integration tests: a call that
// throws with the error's message and code, a transfer's summary from the list, and a wait
// for a transfer to reach one of some states.
import type { HeadlessMain } from '../../src/main/headless'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { waitUntil } from './upload-support'

export interface BridgeCalls {
  call<T>(channel: string, payload: unknown): Promise<T>
  summaryOf(id: string): Promise<TransferSummary | undefined>
  waitForState(id: string, states: string[], timeoutMs?: number): Promise<TransferSummary>
}

/** `main` is read at each call: a test that restarts its main keeps the same helpers. */
export function bridgeCalls(main: () => HeadlessMain): BridgeCalls {
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const answer = await main().dispatch(channel, payload)
    if (!answer.ok) throw new Error(`${channel}: ${answer.error.message} (${answer.error.code})`)
    return answer.value as T
  }
  const summaryOf = async (id: string) =>
    (await call<TransferSummary[]>('transfers:list', {})).find((t) => t.id === id)
  const waitForState = async (id: string, states: string[], timeoutMs = 60_000) => {
    let last: TransferSummary | undefined
    await waitUntil(
      `transfer ${id} reaches ${states.join(' or ')}`,
      () => {
        void summaryOf(id).then((s) => (last = s))
        return last !== undefined && states.includes(last.state)
      },
      timeoutMs,
    )
    return last!
  }
  return { call, summaryOf, waitForState }
}
