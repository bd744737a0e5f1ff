// A download, run in the engine process like uploads: its ranged GETs and the MD5
// of what arrives stay off the app's main thread. Progress and the verifying step go to main as
// the same events uploads send, and what it found of an earlier partial file as a download
// note; the sidecar journal next to the target makes it resumable. The app and `ferry get` use it.
import type { DownloadOutcome, MainToEngine } from '../../../shared/engine-protocol'
import { clientFor } from '../s3-clients'
import type { JobEnv } from '../transfer-context'
import { downloadObject } from './download'
import { downloadSmall } from './small-download'

export async function runDownload(
  request: Extract<MainToEngine, { type: 'download' }>,
  env: JobEnv,
): Promise<DownloadOutcome> {
  const { transferId, job } = request
  const client = clientFor(request.connection)
  if (job.listed) {
    const small = await downloadSmall(client, job, job.listed, env.signal)
    if (small) return small
  }
  return downloadObject(client, job, {
    signal: env.signal,
    onProgress: (p) => env.events.progress({ transferId, ...p }),
    onEvent: (e) => {
      if (e.kind === 'verifying') env.events.state('verifying')
      else env.events.downloadNote(e)
    },
  })
}
