import type { NetworkSettings } from '../../s3/network-settings'
import { networkAgents } from '../../s3/network-agents'
import { redactUrl, validateStreamUrl } from '../../../shared/stream-url'
import { FileSource } from './file-source'
import { FtpSource } from './ftp-source'
import { HttpSource } from './http-source'
import type { StreamSource } from './source'

/** Parallel ranges of one source share these keep-alive sockets. */
const SOURCE_SOCKETS = 64

/**
 * The source for a URL; unsupported schemes fail here, before any request. An http(s) source
 * goes out through the transfer's connection's network: its proxy and certificate authorities.
 */
export function openSource(url: string, network: NetworkSettings = {}): StreamSource {
  const parsed = validateStreamUrl(url)
  const display = redactUrl(url)
  if (parsed.protocol === 'ftp:') return new FtpSource(parsed, display)
  if (parsed.protocol === 'file:') return new FileSource(parsed, display)
  return new HttpSource(
    parsed,
    display,
    networkAgents({ keepAlive: true, maxSockets: SOURCE_SOCKETS }, network),
  )
}
