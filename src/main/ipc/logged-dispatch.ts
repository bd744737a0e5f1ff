// dispatch, with each refused request written to the diagnostics log: the errors the window
// showed are in a bug report too. The error values are already redacted by dispatch.
import type { Result } from '../../shared/errors'
import type { Core } from '../core/create-core'
import { desktopServices } from '../desktop/desktop-services'
import { dispatch } from './dispatch'

export async function loggedDispatch(
  core: Core,
  channel: string,
  payload: unknown,
): Promise<Result<unknown>> {
  const result = await dispatch(core, channel, payload)
  if (!result.ok) {
    const { code, message, fix } = result.error
    desktopServices(core).log.warn(`${channel.slice(0, 64)} refused: [${code}] ${message}. Fix: ${fix}`)
  }
  return result
}
