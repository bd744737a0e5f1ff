import type { ParsedRequestOf, RequestChannel, ResponseOf } from '../../shared/bridge/contract'
import type { Core } from '../core/create-core'

export type Handler<C extends RequestChannel> = (
  request: ParsedRequestOf<C>,
  core: Core,
) => Promise<ResponseOf<C>>
export type HandlerMap = { [C in RequestChannel]: Handler<C> }
