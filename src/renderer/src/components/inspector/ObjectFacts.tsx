import type { ObjectDetails } from '../../../../shared/domain/objects'
import { formatBytes, formatDate } from '../../format'
import { storageClassLabel } from '../browser/ObjectRow'

/** What S3 says about the object: its system headers. User metadata is in the form below. */
export function ObjectFacts({ details }: { details: ObjectDetails }) {
  const facts: [string, string][] = [
    ['Size', `${formatBytes(details.size)} (${details.size.toLocaleString('en-US')} bytes)`],
    ['ETag', details.etag || '—'],
    ['Last modified', formatDate(details.lastModified) || '—'],
    ['Content-Type', details.contentType ?? '—'],
    // S3 leaves the header out for STANDARD.
    ['Storage class', storageClassLabel(details.storageClass ?? 'STANDARD')],
    ['Encryption', details.encryption ?? 'None reported'],
    [
      'Tags',
      Object.entries(details.tags ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || '—',
    ],
  ]
  return (
    <dl className="object-facts" aria-label="Object facts">
      {facts.map(([term, value]) => (
        <div key={term} className="object-facts__item">
          <dt>{term}</dt>
          <dd title={value}>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
