import { CopyRenameButton } from './CopyRenameButton'
import { DeleteButton } from './DeleteButton'
import { DownloadButton } from './DownloadButton'

export function ObjectActions({ objectKey }: { objectKey: string }) {
  return (
    <div className="inspector__actions">
      <DownloadButton keys={[objectKey]} />
      <CopyRenameButton objectKey={objectKey} />
      <DeleteButton ids={[objectKey]} />
    </div>
  )
}
