// The transport-independent half of the bridge: look up the channel, validate the payload
// against the contract's schema, run the handler, and return a Result. Electron's
// ipcMain wrapper and the end-to-end harness both call this.
import { requestSchemas, type RequestChannel, type ResponseOf } from '../../shared/bridge/contract'
import { fail, ok, toErrorValue, type Result } from '../../shared/errors'
import { redactErrorValue } from '../../shared/secrets-in-use'
import type { Core } from '../core/create-core'
import { handlers } from './handlers'
import type { Handler } from './handler-types'

const isChannel = (channel: string): channel is RequestChannel => Object.hasOwn(requestSchemas, channel)

export async function dispatch(core: Core, channel: string, payload: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return fail({
      code: 'bad-input',
      // A hostile page could send megabytes as a channel name: echo a bounded piece of it.
      message: `unknown bridge channel "${String(channel).slice(0, 64)}"`,
      fix: 'Update the app: renderer and main are out of step.',
    })
  }
  let parsed: ReturnType<(typeof requestSchemas)[RequestChannel]['safeParse']>
  try {
    parsed = requestSchemas[channel].safeParse(payload)
  } catch {
    // safeParse reports schema mismatches but lets a throwing getter or proxy trap through;
    // the bridge promises a Result, never an exception.
    return fail({
      code: 'bad-input',
      message: `invalid request to ${channel}: unreadable payload`,
      fix: 'Send plain data.',
    })
  }
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const at = first?.path.length ? ` at ${first.path.join('.')}` : ''
    return fail({
      code: 'bad-input',
      message: `invalid request to ${channel}${at}: ${first?.message ?? 'malformed payload'}`,
      fix: 'Correct the highlighted field and try again.',
    })
  }
  try {
    const handler = handlers[channel] as Handler<RequestChannel>
    return ok((await handler(parsed.data as never, core)) as ResponseOf<RequestChannel>)
  } catch (e) {
    // The renderer never receives a secret, not even one an SDK error happens to quote.
    return fail(redactErrorValue(toErrorValue(e)))
  }
}
