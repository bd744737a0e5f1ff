import { useCallback, useEffect, useState } from 'react'
import type { ObjectDetails } from '../../../../shared/domain/objects'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import { baseName } from '../../format'
import { ErrorNotice } from '../common/ErrorNotice'
import { ArchivePanel } from './ArchivePanel'
import { LinkMaker } from './LinkMaker'
import { ClassTagsEditor } from './ClassTagsEditor'
import { MetadataEditor } from './MetadataEditor'
import { ObjectActions } from './ObjectActions'
import { ObjectFacts } from './ObjectFacts'
import { VerifyFileButton } from './VerifyFileButton'

interface Props {
  connectionId: string
  bucket: string
  objectKey: string
}

type Loaded =
  { kind: 'loading' } | { kind: 'ready'; details: ObjectDetails } | { kind: 'error'; error: FerryErrorValue }

export function ObjectInspector({ connectionId, bucket, objectKey }: Props) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' })
  // Bumped to read the object again (after someone else changed it).
  const [generation, setGeneration] = useState(0)
  const [justSaved, setJustSaved] = useState(false)
  // Bumped by every save: a rewrite within the same second as the object's last write keeps
  // its ETag and its Last-Modified (S3 dates have whole seconds), yet the form must start anew.
  const [saves, setSaves] = useState(0)

  useEffect(() => {
    let current = true
    void ferry.headObject({ connectionId, bucket, key: objectKey }).then((result) => {
      if (!current) return
      setLoaded(result.ok ? { kind: 'ready', details: result.value } : { kind: 'error', error: result.error })
    })
    return () => {
      current = false
    }
  }, [connectionId, bucket, objectKey, generation])

  const reload = useCallback(() => {
    setJustSaved(false)
    setGeneration((g) => g + 1)
  }, [])
  const ref = { connectionId, bucket, key: objectKey }
  return (
    <div className="inspector__content">
      <header className="inspector__header">
        <h2 className="inspector__title" title={objectKey}>
          {baseName(objectKey)}
        </h2>
        <p className="inspector__path muted">
          {bucket}/{objectKey}
        </p>
      </header>
      <ObjectActions objectKey={objectKey} />
      {loaded.kind === 'loading' ? (
        <p className="muted">
          <span className="spinner" /> Reading the object…
        </p>
      ) : null}
      {loaded.kind === 'error' ? (
        <ErrorNotice title="Could not read the object" error={loaded.error} />
      ) : null}
      {loaded.kind === 'ready' ? (
        <>
          <ObjectFacts details={loaded.details} />
          {loaded.details.archive ? (
            <ArchivePanel target={ref} archive={loaded.details.archive} onChanged={reload} />
          ) : null}
          <LinkMaker target={ref} />
          <VerifyFileButton target={ref} />
          <MetadataEditor
            // A new version (after a save or a reload) starts a fresh form.
            key={`${loaded.details.etag}${loaded.details.lastModified}#${saves}`}
            target={ref}
            details={loaded.details}
            onSaved={(details) => {
              setJustSaved(true)
              setSaves((n) => n + 1)
              setLoaded({ kind: 'ready', details })
            }}
            onReload={reload}
            justSaved={justSaved}
          />
          <ClassTagsEditor
            key={`tags:${loaded.details.etag}${loaded.details.lastModified}#${saves}`}
            target={ref}
            details={loaded.details}
            onSaved={(details) => {
              setSaves((n) => n + 1)
              setLoaded({ kind: 'ready', details })
            }}
          />
        </>
      ) : null}
    </div>
  )
}
