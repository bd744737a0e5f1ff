import { MAX_PINS, pinSchema, type Pin } from '../../../shared/bridge/find-contract'
import { badInput } from '../../../shared/errors'
import type { Core } from '../../core/create-core'
import { findKeysPage } from '../../core/find/find-keys'
import type { Handler } from '../handler-types'

export const findKeysHandler: Handler<'objects:find'> = ({ connectionId, ...request }, core) =>
  findKeysPage(core.client(connectionId), request)

const samePin = (a: Pin, b: Pin) =>
  a.connectionId === b.connectionId && a.bucket === b.bucket && a.prefix === b.prefix

/** The stored pins that still parse and whose connection still exists (a hand-edited file may hold anything). */
function pinsOf(core: Core): Pin[] {
  const known = new Set(core.connections.list().map((c) => c.id))
  return core.deps.store
    .get('pins')
    .flatMap((p) => {
      const parsed = pinSchema.safeParse(p)
      return parsed.success ? [parsed.data] : []
    })
    .filter((p) => known.has(p.connectionId))
}

export const listPins: Handler<'pins:list'> = async (_request, core) => pinsOf(core)

export const addPin: Handler<'pins:add'> = async (pin, core) => {
  const pins = pinsOf(core)
  if (pins.some((p) => samePin(p, pin))) return pins
  if (pins.length >= MAX_PINS)
    throw badInput(`${MAX_PINS} locations are pinned already`, 'Unpin one you no longer need first.')
  if (pin.prefix !== '' && !pin.prefix.endsWith('/'))
    throw badInput(`"${pin.prefix}" is not a folder`, 'Pin a bucket or a folder (a prefix ending in "/").')
  const next = [...pins, pin]
  core.deps.store.set('pins', next)
  return next
}

export const removePin: Handler<'pins:remove'> = async (pin, core) => {
  const next = pinsOf(core).filter((p) => !samePin(p, pin))
  core.deps.store.set('pins', next)
  return next
}
