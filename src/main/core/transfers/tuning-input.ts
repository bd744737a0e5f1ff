import type { TransferTuning } from '../../../shared/engine-protocol'
import { validateConcurrency, validatePartSize } from '../../../shared/part-plan'

/** Part size and concurrency as asked for, refused now (bad-setting) if S3 or Ferry cannot use them. */
export function checkedTuning(input: Pick<TransferTuning, 'partSize' | 'concurrency'>): TransferTuning {
  const tuning: TransferTuning = {}
  if (input.partSize !== undefined) {
    validatePartSize(input.partSize)
    tuning.partSize = input.partSize
  }
  if (input.concurrency !== undefined) {
    validateConcurrency(input.concurrency)
    tuning.concurrency = input.concurrency
  }
  return tuning
}
