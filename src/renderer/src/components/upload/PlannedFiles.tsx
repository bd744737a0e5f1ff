import type { UploadPlan } from '../../../../shared/bridge/contract'
import { formatBytes } from '../../format'

/** Each file and the key it will get, so a wrong folder shows before anything is sent. */
export function PlannedFiles({ plan }: { plan: UploadPlan }) {
  const hidden = plan.fileCount - plan.files.length
  return (
    <section className="planned-files" aria-labelledby="planned-files-heading">
      <h3 id="planned-files-heading" className="planned-files__heading">
        Files and their keys
      </h3>
      <ul className="planned-files__list" aria-label="Files to upload">
        {plan.files.map((file) => (
          <li key={file.key} className="planned-files__item" aria-label={file.key} title={file.source}>
            <span className="planned-files__key">{file.key}</span>
            <span className="planned-files__size muted">{formatBytes(file.size)}</span>
          </li>
        ))}
      </ul>
      {hidden > 0 ? (
        <p className="planned-files__more muted">and {hidden.toLocaleString('en-US')} more</p>
      ) : null}
    </section>
  )
}
