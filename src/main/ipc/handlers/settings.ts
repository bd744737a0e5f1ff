import type { Handler } from '../handler-types'

export const getSettings: Handler<'settings:get'> = async (_request, core) => core.settings.get()

export const saveSettings: Handler<'settings:save'> = async (change, core) => core.settings.save(change)
