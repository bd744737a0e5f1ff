import type { Handler } from '../handler-types'

export const listTransfers: Handler<'transfers:list'> = async (_request, core) => core.transfers.list()
export const upload: Handler<'transfers:upload'> = async (request, core) => core.transfers.upload(request)
export const pauseTransfer: Handler<'transfers:pause'> = async ({ id }, core) => (core.transfers.pause(id), null)
export const resumeTransfer: Handler<'transfers:resume'> = async ({ id }, core) => (core.transfers.resume(id), null)
export const cancelTransfer: Handler<'transfers:cancel'> = async ({ id }, core) => (core.transfers.cancel(id), null)
