// Failures of a streamed source, as FerryErrors that say what to do. Transient ones (a
// dropped connection, a 503) are retried by the readers; these are what is left.
import { FerryError } from '../../../shared/errors'
import { networkFailure } from '../../s3/network-errors'
import type { FailureFacts } from '../../../shared/retry-policy'

/** A failed request to the source, with what the retry policy needs to decide. */
export class SourceRequestError extends Error {
  constructor(
    message: string,
    readonly facts: FailureFacts,
  ) {
    super(message)
  }
}

export function sourceNotFound(display: string, detail: string): FerryError {
  return new FerryError({
    code: 'source-missing',
    message: `${display} was not found (${detail})`,
    fix: 'Check the URL: the file may have moved, or the link may have expired.',
    detail,
  })
}

export function sourceDenied(display: string, detail: string): FerryError {
  return new FerryError({
    code: 'access-denied',
    message: `${display} refused access (${detail})`,
    fix: 'Check the credentials in the URL (https://USER:PASSWORD@host/path, ftp://USER:PASSWORD@host/path); a signed link may have expired.',
    detail,
  })
}

export function sourceRefused(display: string, detail: string): FerryError {
  return new FerryError({
    code: 'source-unreadable',
    message: `${display} cannot be read (${detail})`,
    fix: 'Check that the URL names a file the server serves.',
    detail,
  })
}

export function sourceVersionChanged(display: string, what: string): FerryError {
  return new FerryError({
    code: 'source-changed',
    message: `${display} changed while it was being streamed (${what})`,
    fix: 'Run the transfer again once the source is stable: Ferry starts over with the new contents.',
  })
}

export function sourceGaveUp(display: string, e: unknown): FerryError {
  const network = networkFailure(e, display)
  if (network) return network
  const detail =
    e instanceof SourceRequestError ? (e.facts.status ? `HTTP ${e.facts.status}` : e.facts.code) : undefined
  return new FerryError(
    {
      code: 'network',
      message: `${display} kept failing (${e instanceof Error ? e.message : String(e)})`,
      fix: 'Check the network and the source server, then resume the transfer: finished parts are kept.',
      retryable: true,
      ...(detail ? { detail } : {}),
    },
    { cause: e },
  )
}

/** Facts of a Node or library error for the retry policy. */
export function factsOf(e: unknown): FailureFacts {
  if (e instanceof SourceRequestError) return e.facts
  const code = (e as { code?: unknown }).code
  return typeof code === 'string' ? { code } : {}
}
