// The GETs a download sends, whichever way they go (the SDK's GetObject, or a ranged GET read
// straight off the socket, s3/range-get.ts): both print the request to the --debug trace after
// signing, so the trace is what the server was sent.
import type { S3Client } from '@aws-sdk/client-s3'
import { traceRequestsTo } from '../../src/main/s3/request-trace'
import { testClient } from '../support/s3'

export interface TracedGet {
  path: string
  range: string | undefined
  ifMatch: string | undefined
}

/** A client whose GETs are recorded (from now until `stop`; the trace is the process's). */
export function tracingClient(): { client: S3Client; gets: () => TracedGet[]; stop: () => void } {
  const lines: string[] = []
  traceRequestsTo((line) => lines.push(line))
  // Made after the trace is on: a client's SDK requests are traced only then.
  const client = testClient()
  const gets = () =>
    lines.flatMap((text) => {
      const request = /^> GET \S+?:\/\/[^/]+(\/\S*)$/m.exec(text)
      if (!request) return []
      const header = (name: string) => new RegExp(`^>\\s+${name}: (.*)$`, 'im').exec(text)?.[1]
      return [{ path: request[1]!, range: header('range'), ifMatch: header('if-match') }]
    })
  return { client, gets, stop: () => traceRequestsTo(undefined) }
}

export const rangeStart = (g: TracedGet): number => Number(/^bytes=(\d+)-/.exec(g.range ?? '')?.[1])
