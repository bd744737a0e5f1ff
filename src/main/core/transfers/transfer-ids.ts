import { randomBytes } from 'node:crypto'

/** Short, sortable by start time, and safe as a file name: "m3x9k2ab-1a2b3c4d". */
export const newTransferId = (): string => `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`
