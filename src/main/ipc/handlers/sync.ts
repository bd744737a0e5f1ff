import { desktopServices } from '../../desktop/desktop-services'
import type { Handler } from '../handler-types'
import { desktopOf } from './desktop'

export const pickSyncFolder: Handler<'sync:pick-folder'> = async (_request, core) =>
  desktopOf(core).pickFolder('Folder to sync')

export const planSync: Handler<'sync:plan'> = async (request, core) =>
  desktopServices(core).syncs.plan(request)

export const runSync: Handler<'sync:run'> = async ({ id, delete: deleteExtras }, core) =>
  desktopServices(core).syncs.run(id, deleteExtras)
