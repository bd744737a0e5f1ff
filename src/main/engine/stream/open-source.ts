import { redactUrl, validateStreamUrl } from '../../../shared/stream-url'
import { FileSource } from './file-source'
import { FtpSource } from './ftp-source'
import { HttpSource } from './http-source'
import type { StreamSource } from './source'

/** The source for a URL; unsupported schemes fail here, before any request. */
export function openSource(url: string): StreamSource {
  const parsed = validateStreamUrl(url)
  const display = redactUrl(url)
  if (parsed.protocol === 'ftp:') return new FtpSource(parsed, display)
  if (parsed.protocol === 'file:') return new FileSource(parsed, display)
  return new HttpSource(parsed, display)
}
