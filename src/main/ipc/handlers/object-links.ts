import { keyBaseName } from '../../core/objects/location'
import { presignGet } from '../../core/objects/presign'
import type { Handler } from '../handler-types'

export const presignObject: Handler<'objects:presign'> = async (request, core) =>
  presignGet(core.client(request.connectionId), request.bucket, request.key, {
    expiresInSeconds: request.expiresInSeconds,
    downloadName: keyBaseName(request.key),
  })
