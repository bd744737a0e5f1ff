import type { ConnectionFields } from '../../../shared/domain/connection'
import type { EngineConnection } from '../../../shared/engine-protocol'
import { FerryError } from '../../../shared/errors'
import type { Core } from '../../core/create-core'
import { listBuckets } from '../../core/objects/list'
import { createS3Client } from '../../s3/client-factory'
import type { Handler } from '../handler-types'

// A person testing the form wants an answer in seconds, not the transfer timeouts.
const PROBE_CONNECT_TIMEOUT_MS = 5_000
const PROBE_IDLE_TIMEOUT_MS = 15_000

/**
 * Tests the form's fields without saving them. When editing, a blank secret means "keep the
 * stored one", so the stored secret is used, but only while the access key id is unchanged:
 * an old secret paired with a new key id would report a misleading "wrong secret".
 */
export const probeConnection: Handler<'connections:probe'> = async (fields, core) => {
  const client = createS3Client(probeTarget(fields, core), {
    connectTimeoutMs: PROBE_CONNECT_TIMEOUT_MS,
    idleTimeoutMs: PROBE_IDLE_TIMEOUT_MS,
    maxSockets: 1,
  })
  try {
    const started = Date.now()
    const buckets = await listBuckets(client)
    return { ok: true, millis: Date.now() - started, bucketCount: buckets.length }
  } finally {
    client.destroy()
  }
}

function probeTarget(fields: ConnectionFields, core: Core): EngineConnection {
  const target: EngineConnection = {
    endpoint: fields.endpoint.replace(/\/+$/, ''),
    region: fields.region || 'us-east-1',
    pathStyle: fields.pathStyle,
    ...(fields.proxy ? { proxy: fields.proxy } : {}),
    ...(fields.caFile ? { caFile: fields.caFile } : {}),
  }
  if (fields.profile) return { ...target, profile: fields.profile }
  if (!fields.accessKeyId) return target
  const stored = fields.id ? storedCredentials(fields.id, core) : undefined
  const reuse = stored?.accessKeyId === fields.accessKeyId ? stored : undefined
  const secretAccessKey = fields.secretAccessKey || reuse?.secretAccessKey
  if (!secretAccessKey) {
    throw new FerryError({
      code: 'invalid-credentials',
      message: 'the secret access key is empty',
      fix: 'Enter the secret access key that belongs to this access key id.',
    })
  }
  const sessionToken = fields.sessionToken ?? reuse?.sessionToken
  return {
    ...target,
    credentials: {
      accessKeyId: fields.accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
    },
  }
}

function storedCredentials(id: string, core: Core): EngineConnection['credentials'] {
  try {
    return core.connections.resolve(id).credentials
  } catch {
    // A connection saved without a secret has none to reuse; the caller says what is missing.
    return undefined
  }
}
