// A transfer summary for unit tests: an upload of 100 bytes under way, changed by `patch`.
import type { FileTransferSummary } from './transfer'

export const sampleTransfer = (
  id: string,
  patch: Partial<FileTransferSummary> = {},
): FileTransferSummary => ({
  id,
  direction: 'upload',
  source: `/tmp/${id}`,
  bucket: 'b',
  key: `k/${id}`,
  connectionId: 'c',
  size: 100,
  bytesDone: 0,
  state: 'uploading',
  speed: 0,
  partsTotal: 1,
  partsDone: 0,
  partsReused: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...patch,
})
