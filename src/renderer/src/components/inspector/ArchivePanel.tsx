import { describeArchiveState, type ArchiveState } from '../../../../shared/archive'
import { RestoreOffer } from '../archive/RestoreOffer'

interface Props {
  target: { connectionId: string; bucket: string; key: string }
  archive: ArchiveState
  /** Read the object again, for the restore's new status. */
  onChanged: () => void
}

/** An archived object's state (archived, restore in progress, restored until), and Restore…. */
export function ArchivePanel({ target, archive, onChanged }: Props) {
  return (
    <section className="inspector__section" aria-label="Archive">
      <p className="inspector__archive" data-testid="archive-state">
        {describeArchiveState(archive)}
      </p>
      {archive.kind !== 'restoring' ? <RestoreOffer target={target} onRestored={onChanged} /> : null}
    </section>
  )
}
