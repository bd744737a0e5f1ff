import { describe, expect, it } from 'vitest'
import {
  noTransfer,
  transferAlreadyFinished,
  transferCancelled,
  transferRunningElsewhere,
} from './transfer-errors'

describe('transfer errors', () => {
  it('name the transfer, the process holding it and the object a cancel would leave', () => {
    expect(noTransfer('/state/journals', 't1').toValue()).toMatchObject({
      code: 'not-found',
      message: 'no transfer t1 in /state/journals',
    })
    expect(transferCancelled('t1').toValue()).toMatchObject({
      code: 'cancelled',
      message: 'transfer t1 was cancelled',
    })
    expect(transferRunningElsewhere('t1', { pid: 42 }).toValue()).toEqual({
      code: 'bad-input',
      message: 'transfer t1 is running in another Ferry process (pid 42)',
      fix: 'Wait for it to finish, or stop that process first.',
    })
    expect(
      transferRunningElsewhere('t1', { pid: 42, host: 'box' }, 'Cancel it where it runs.').toValue(),
    ).toEqual({
      code: 'bad-input',
      message: 'transfer t1 is running in another Ferry process (pid 42 on box)',
      fix: 'Cancel it where it runs.',
    })
    expect(transferAlreadyFinished('t1').message).toBe('transfer t1 already finished')
    expect(transferAlreadyFinished('t1', 's3://b/k').message).toBe(
      'transfer t1 already finished; s3://b/k exists',
    )
  })
})
