// `ferry stream` and "Upload from URL...": checks the request before anything starts (URL
// scheme, tuning, headers), decides the key, and builds the engine job and the summary the
// transfer list shows until the engine reports the size.
import { queuedSummary } from './queued-summary'
import type { TransferSummary, IfExists, UploadHeaders } from '../../../shared/domain/transfer'
import type { EngineConnection, StreamJob, TransferTuning } from '../../../shared/engine-protocol'
import { redactUrl, urlFileName, validateStreamUrl } from '../../../shared/stream-url'
import { isMd5Hex } from '../../../shared/source-digest'
import { badInput } from '../../../shared/errors'
import type { CustomerKey } from '../../../shared/encryption'
import { memoryBudget } from '../../../shared/tuning'
import { objectParams } from '../../s3/upload-params'
import { newTransferId } from './transfer-ids'
import { checkedTuning } from './tuning-input'

export interface StreamInput extends Omit<TransferTuning, 'multipartThreshold'> {
  connectionId?: string
  connection?: EngineConnection
  url: string
  bucket: string
  /** The object's key; "" or ending in "/" puts the URL's file name under it. */
  key?: string
  headers?: UploadHeaders
  ifExists?: IfExists
  sourceMd5?: string | undefined
  /** The SSE-C key when headers.encryption is SSE-C; kept in memory only. */
  customerKey?: CustomerKey
}

export interface PlannedStream {
  job: StreamJob
  summary: TransferSummary
  tuning: TransferTuning
  /** Memory it holds while it runs: concurrency x part size, whatever the source's size. */
  reservation: number
}

export function planStreamTransfer(input: StreamInput, connection: EngineConnection): PlannedStream {
  validateStreamUrl(input.url)
  const tuning = checkedTuning(input)
  if (input.sourceMd5 !== undefined && !isMd5Hex(input.sourceMd5)) {
    try {
      validateStreamUrl(input.sourceMd5)
    } catch {
      throw badInput(
        `--source-md5 "${redactUrl(input.sourceMd5)}" is neither 32 hex digits nor a URL`,
        'Give the MD5 as 32 hex digits, or the URL of an .md5 file.',
      )
    }
  }
  const headers: UploadHeaders = input.headers ?? { metadata: {} }
  const prefix = input.key ?? ''
  const key = prefix === '' || prefix.endsWith('/') ? `${prefix}${urlFileName(input.url)}` : prefix
  objectParams(headers, key, input.customerKey)
  const id = newTransferId()
  const job: StreamJob = {
    transferId: id,
    connection,
    url: input.url,
    bucket: input.bucket,
    key,
    headers,
    ifExists: input.ifExists ?? 'fail',
    ...tuning,
    ...(input.connectionId ? { connectionId: input.connectionId } : {}),
    ...(input.sourceMd5 !== undefined ? { sourceMd5: input.sourceMd5.trim() } : {}),
    ...(input.customerKey ? { customerKey: input.customerKey } : {}),
  }
  const now = new Date().toISOString()
  const summary = queuedSummary(
    {
      id,
      direction: 'upload',
      source: redactUrl(input.url),
      bucket: input.bucket,
      key,
      connectionId: input.connectionId ?? '',
      size: 0,
    },
    now,
  )
  return { job, summary, tuning, reservation: memoryBudget(tuning) }
}
