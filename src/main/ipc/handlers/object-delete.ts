import { deleteObjects, deletePrefix, type DeleteOutcome } from '../../core/objects/delete'
import type { Handler } from '../handler-types'

/** Keys go in batches of a thousand per request; each folder is emptied the same way. */
export const deleteObjectsHandler: Handler<'objects:delete'> = async (
  { connectionId, bucket, keys, prefixes },
  core,
) => {
  const client = core.client(connectionId)
  const outcomes: DeleteOutcome[] = []
  if (keys.length > 0) outcomes.push(await deleteObjects(client, bucket, keys))
  for (const prefix of prefixes) outcomes.push(await deletePrefix(client, bucket, prefix))
  return {
    deleted: outcomes.reduce((n, o) => n + o.deleted, 0),
    failed: outcomes.flatMap((o) =>
      o.errors.map((e) => ({ key: e.key, message: `${e.code}: ${e.message}` })),
    ),
  }
}
