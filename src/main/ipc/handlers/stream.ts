import type { Handler } from '../handler-types'

/** "Upload from URL...": a stream transfer, listed, paused and resumed like an upload. */
export const streamUrl: Handler<'transfers:stream'> = async (request, core) => core.transfers.stream(request)
