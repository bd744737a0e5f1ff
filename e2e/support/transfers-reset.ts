// The chromium project shares one main side per worker, so a spec's transfers would still be in
// the next spec's list (and in its taskbar progress). After each spec: cancel what has not ended,
// wait for it to stop, then Clear finished, as a person tidying the panel would.
import type { HeadlessMain } from '../../src/main/headless'
import type { TransferSummary } from '../../src/shared/domain/transfer'
import { FINISHED_STATES } from '../../src/shared/transfer-groups'

const SETTLE_MS = 60_000

async function listed(main: HeadlessMain): Promise<TransferSummary[]> {
  const result = await main.dispatch('transfers:list', {})
  if (!result.ok) throw new Error(`listing transfers failed: ${result.error.message}`)
  return result.value as TransferSummary[]
}

export async function clearTransfers(main: HeadlessMain): Promise<void> {
  const deadline = Date.now() + SETTLE_MS
  for (;;) {
    const open = (await listed(main)).filter((t) => !FINISHED_STATES.has(t.state))
    if (open.length === 0) break
    if (Date.now() > deadline)
      throw new Error(
        `transfers still open after the spec: ${open.map((t) => `${t.key} (${t.state})`).join(', ')}`,
      )
    // A cancel that races the transfer's own end is refused; the next round sees it ended.
    for (const t of open) await main.dispatch('transfers:cancel', { id: t.id })
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  const cleared = await main.dispatch('transfers:clear-finished', {})
  if (!cleared.ok) throw new Error(`Clear finished failed: ${cleared.error.message}`)
}
