import type { Handler } from '../handler-types'

export const appInfo: Handler<'app:info'> = async (_request, core) => ({
  version: core.deps.version,
  platform: process.platform,
  secretsEncrypted: core.deps.secrets.persistent,
})
