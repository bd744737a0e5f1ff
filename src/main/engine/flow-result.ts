import type { Verification } from '../../shared/domain/transfer'

/** How an upload flow ended, before the journal's final record and the reply are written. */
export interface FlowResult {
  size: number
  etag: string
  verification: Verification
  /** The ETag was comparable and did not match: the object is not the file. */
  mismatch: boolean
  partsUploaded: number
  partsReused: number
  skipped: boolean
}

export const skippedResult = (size: number, etag: string): FlowResult => ({
  size,
  etag,
  verification: {
    verified: false,
    method: 'none',
    reason: 'skipped: the key already held an object, which was kept',
  },
  mismatch: false,
  partsUploaded: 0,
  partsReused: 0,
  skipped: true,
})
