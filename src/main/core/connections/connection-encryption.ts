// A saved connection's default encryption, applied in main: uploads the window starts take it
// unless the upload sheet chose otherwise, and reads of SSE-C objects (downloads, the
// inspector, resumes) use the connection's key file. The key is read from its file each time it
// is needed and held only by the transfer that uses it.
import { storeKeyedEncryption } from '../../../shared/connection-encryption'
import type { UploadHeaders } from '../../../shared/domain/transfer'
import type { CustomerKey } from '../../../shared/encryption'
import { FerryError, isFerryError } from '../../../shared/errors'
import { readCustomerKey } from '../../s3/customer-key'
import type { ConnectionStore } from './connection-store'

/** The SSE-C key the connection's key file holds; undefined when it names none. */
export async function connectionCustomerKey(
  connections: ConnectionStore,
  connectionId: string | undefined,
): Promise<CustomerKey | undefined> {
  if (connectionId === undefined) return undefined
  const c = connections.get(connectionId)
  if (c.encryption?.kind !== 'sse-c') return undefined
  try {
    return await readCustomerKey(`fileb://${c.encryption.keyFile}`)
  } catch (e) {
    if (!isFerryError(e)) throw e
    throw new FerryError({
      code: e.code,
      message: `connection "${c.name}": ${e.message}`,
      fix:
        `Make ${c.encryption.keyFile} readable by you (it must hold exactly 32 bytes), or edit the ` +
        `connection "${c.name}" to name the right SSE-C key file.`,
    })
  }
}

export interface UploadEncryptionChoice {
  headers: UploadHeaders
  /** The sheet's own SSE-C key file. */
  customerKeyFile?: string | undefined
  /** The sheet chose no encryption over the connection's default. */
  encryptionNone?: boolean | undefined
}

/** The headers and SSE-C key an upload from the window goes with: the sheet's choice, else the connection's. */
export async function uploadEncryption(
  connections: ConnectionStore,
  connectionId: string,
  choice: UploadEncryptionChoice,
): Promise<{ headers: UploadHeaders; customerKey?: CustomerKey }> {
  const { headers } = choice
  if (choice.customerKeyFile) {
    const customerKey = await readCustomerKey(`fileb://${choice.customerKeyFile}`)
    return { headers: { ...headers, encryption: { kind: 'sse-c', keyMd5: customerKey.keyMd5 } }, customerKey }
  }
  if (headers.encryption || choice.encryptionNone) return { headers }
  const customerKey = await connectionCustomerKey(connections, connectionId)
  if (customerKey)
    return { headers: { ...headers, encryption: { kind: 'sse-c', keyMd5: customerKey.keyMd5 } }, customerKey }
  const encryption = storeKeyedEncryption(connections.get(connectionId).encryption)
  return { headers: encryption ? { ...headers, encryption } : headers }
}

/**
 * Runs a read without an SSE-C key first (most objects have none, and a key sent for an object
 * without SSE-C is refused); when the store says the object needs one, again with the
 * connection's key, if it names one.
 */
export async function withKeyWhenNeeded<T>(
  connections: ConnectionStore,
  connectionId: string | undefined,
  read: (customerKey: CustomerKey | undefined) => Promise<T>,
): Promise<T> {
  try {
    return await read(undefined)
  } catch (e) {
    if (!isFerryError(e) || e.code !== 'customer-key-needed') throw e
    const customerKey = await connectionCustomerKey(connections, connectionId)
    if (!customerKey) throw e
    return read(customerKey)
  }
}
