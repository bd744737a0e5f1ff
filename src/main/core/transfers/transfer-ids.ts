import { randomBytes } from 'node:crypto'

/** Short, sortable by start time, and safe as a file name: "m3x9k2ab-1a2b3c4d". */
export const newTransferId = (): string => `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`

/** One of its own, or one of a batch of small files ("m3x9k2ab-1a2b3c4d.17", journal-batch.ts). */
export const isTransferId = (id: string): boolean => /^[a-z0-9]{1,16}-[0-9a-f]{8}(\.[0-9]{1,9})?$/.test(id)
