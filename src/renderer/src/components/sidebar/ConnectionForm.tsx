import { useEffect, useState, type FormEvent } from 'react'
import type {
  ConnectionInput,
  ConnectionSummary,
  ConnectionTestResult,
} from '../../../../shared/domain/connection'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import { useStore } from '../../store/store'
import { ErrorNotice } from '../common/ErrorNotice'
import { CheckIcon } from '../common/icons'
import { TextField } from './TextField'
import { EncryptionFields } from '../upload/EncryptionFields'
import {
  connectionEncryptionOf,
  encryptionDraftOf,
  type EncryptionDraft,
} from '../../upload/connection-encryption-draft'

interface Props {
  titleId: string
  /** The saved connection being edited; undefined for a new one. */
  editing: ConnectionSummary | undefined
  onCancel: () => void
}

type CredentialSource = 'keys' | 'profile'

interface Fields {
  credentials: CredentialSource
  name: string
  endpoint: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  profile: string
  pathStyle: boolean
  defaultBucket: string
  publicUrlBase: string
  proxy: string
  caFile: string
  rememberWithoutKeychain: boolean
  encryption: EncryptionDraft
}

type Feedback =
  | { kind: 'none' }
  | { kind: 'busy'; what: 'test' | 'save' | 'remove' }
  | { kind: 'tested'; result: ConnectionTestResult }
  | { kind: 'error'; title: string; error: FerryErrorValue }

const fieldsOf = (c: ConnectionSummary | undefined): Fields => ({
  credentials: c?.profile ? 'profile' : 'keys',
  name: c?.name ?? '',
  endpoint: c?.endpoint ?? '',
  region: c?.region ?? 'us-east-1',
  accessKeyId: c?.accessKeyId ?? '',
  secretAccessKey: '',
  sessionToken: '',
  profile: c?.profile ?? '',
  pathStyle: c?.pathStyle ?? false,
  defaultBucket: c?.defaultBucket ?? '',
  publicUrlBase: c?.publicUrlBase ?? '',
  proxy: c?.proxy ?? '',
  caFile: c?.caFile ?? '',
  rememberWithoutKeychain: c?.secretStorage === 'file',
  encryption: encryptionDraftOf(c?.encryption),
})

export function ConnectionForm({ titleId, editing, onCancel }: Props) {
  const saveConnection = useStore((s) => s.saveConnection)
  const probeConnection = useStore((s) => s.probeConnection)
  const removeConnection = useStore((s) => s.removeConnection)
  const [fields, setFields] = useState<Fields>(() => fieldsOf(editing))
  const [feedback, setFeedback] = useState<Feedback>({ kind: 'none' })
  const [confirmingRemove, setConfirmingRemove] = useState(false)
  const keepsSecret = Boolean(editing?.hasSecret)
  // Unknown until main answers; the form says nothing about storage rather than guess.
  const [keychain, setKeychain] = useState<boolean | undefined>(undefined)
  useEffect(() => {
    let live = true
    void ferry.appInfo().then((info) => {
      if (live && info.ok) setKeychain(info.value.secretsEncrypted)
    })
    return () => {
      live = false
    }
  }, [])

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields((f) => ({ ...f, [key]: value }))
    if (feedback.kind === 'tested' || feedback.kind === 'error') setFeedback({ kind: 'none' })
  }

  /**
   * Blank secret fields on an edit keep what is stored; the store treats "absent" that way.
   * A profile connection sends no keys, and clears any stored before.
   */
  const input = (): ConnectionInput => {
    const byProfile = fields.credentials === 'profile'
    const value: ConnectionInput = {
      name: fields.name,
      endpoint: fields.endpoint,
      region: fields.region,
      accessKeyId: byProfile ? '' : fields.accessKeyId,
      profile: byProfile ? fields.profile.trim() || 'default' : '',
      pathStyle: fields.pathStyle,
      defaultBucket: fields.defaultBucket,
      publicUrlBase: fields.publicUrlBase,
      proxy: fields.proxy,
      caFile: fields.caFile,
      rememberWithoutKeychain: fields.rememberWithoutKeychain,
    }
    // An incomplete SSE-C choice goes as it is: main names what is missing.
    const encryption = connectionEncryptionOf(fields.encryption)
    if (!encryption.ok) value.encryption = { kind: 'sse-c', keyFile: '' }
    else if (encryption.value) value.encryption = encryption.value
    if (editing) value.id = editing.id
    if (byProfile) {
      value.secretAccessKey = ''
      value.sessionToken = ''
      return value
    }
    if (fields.secretAccessKey || !editing) value.secretAccessKey = fields.secretAccessKey
    if (fields.sessionToken || !editing) value.sessionToken = fields.sessionToken
    return value
  }

  const test = async () => {
    setFeedback({ kind: 'busy', what: 'test' })
    const result = await probeConnection(input())
    setFeedback(
      result.ok
        ? { kind: 'tested', result: result.value }
        : { kind: 'error', title: 'Connection failed', error: result.error },
    )
  }

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setFeedback({ kind: 'busy', what: 'save' })
    const result = await saveConnection(input())
    if (!result.ok) setFeedback({ kind: 'error', title: 'Could not save', error: result.error })
  }

  const remove = async () => {
    if (!editing) return
    if (!confirmingRemove) {
      setConfirmingRemove(true)
      return
    }
    setFeedback({ kind: 'busy', what: 'remove' })
    const result = await removeConnection(editing.id)
    if (!result.ok) setFeedback({ kind: 'error', title: 'Could not remove', error: result.error })
  }

  const busy = feedback.kind === 'busy'
  return (
    <form className="connection-form" onSubmit={(e) => void save(e)}>
      <header className="connection-form__header">
        <h2 id={titleId}>{editing ? `Edit “${editing.name}”` : 'Add connection'}</h2>
        <p className="muted">
          Amazon S3 or any S3-compatible store. Secrets stay in the main process
          {keychain === true ? ', encrypted at rest by the system keychain.' : '.'}
        </p>
      </header>

      <div className="connection-form__grid">
        <TextField
          label="Name"
          value={fields.name}
          onChange={(v) => set('name', v)}
          required
          autoFocus
          placeholder="My storage"
          wide
        />
        <TextField
          label="Endpoint"
          value={fields.endpoint}
          onChange={(v) => set('endpoint', v)}
          placeholder="Blank for Amazon S3, or https://s3.example.com"
          wide
        />
        <TextField
          label="Region"
          value={fields.region}
          onChange={(v) => set('region', v)}
          placeholder="us-east-1"
        />
        <TextField
          label="Default bucket"
          value={fields.defaultBucket}
          onChange={(v) => set('defaultBucket', v)}
          placeholder="Optional"
        />
        <TextField
          label="Public URL base"
          value={fields.publicUrlBase}
          onChange={(v) => set('publicUrlBase', v)}
          placeholder="Optional: https://cdn.example.com/files, where the objects are public"
          wide
        />
        <TextField
          label="Proxy"
          value={fields.proxy}
          onChange={(v) => set('proxy', v)}
          placeholder="Blank for HTTPS_PROXY/HTTP_PROXY, none for direct, or http://proxy.example:3128"
          wide
        />
        <TextField
          label="CA certificate file"
          value={fields.caFile}
          onChange={(v) => set('caFile', v)}
          placeholder="Optional: /path/to/ca.pem, for a store with a private certificate authority"
          wide
        />
        <EncryptionFields
          value={fields.encryption}
          onChange={(change) => set('encryption', { ...fields.encryption, ...change })}
          label="Default encryption"
          noneLabel="None (the bucket's default)"
          keyFileHint="Uploads use it unless the upload sheet says otherwise, and reads of SSE-C objects use its key. Ferry keeps the path, never the key."
        />
        <fieldset className="connection-form__credentials">
          <legend className="field__label">Credentials</legend>
          <label className="connection-form__radio">
            <input
              type="radio"
              name="credentials"
              checked={fields.credentials === 'keys'}
              onChange={() => set('credentials', 'keys')}
            />
            Access keys
          </label>
          <label className="connection-form__radio">
            <input
              type="radio"
              name="credentials"
              checked={fields.credentials === 'profile'}
              onChange={() => set('credentials', 'profile')}
            />
            AWS profile
          </label>
        </fieldset>
        {fields.credentials === 'keys' ? (
          <>
            <TextField
              label="Access key ID"
              value={fields.accessKeyId}
              onChange={(v) => set('accessKeyId', v)}
              placeholder="AKIA…"
              wide
            />
            <TextField
              label="Secret access key"
              type="password"
              value={fields.secretAccessKey}
              onChange={(v) => set('secretAccessKey', v)}
              placeholder={keepsSecret ? 'Saved; leave blank to keep it' : ''}
              wide
            />
            <TextField
              label="Session token"
              type="password"
              value={fields.sessionToken}
              onChange={(v) => set('sessionToken', v)}
              placeholder={
                editing ? 'Optional; leave blank to keep it' : 'Optional, for temporary credentials'
              }
              wide
            />
            {keychain === false ? (
              <div className="connection-form__keychain" role="note">
                <p className="connection-form__hint">
                  No system keychain is available, so Ferry cannot encrypt secrets on this computer. They are
                  kept only until Ferry quits, unless you choose otherwise.
                </p>
                <label className="connection-form__check">
                  <input
                    type="checkbox"
                    checked={fields.rememberWithoutKeychain}
                    onChange={(e) => set('rememberWithoutKeychain', e.target.checked)}
                  />
                  <span className="connection-form__check-label">Remember without encryption</span>
                  <span className="muted">
                    Writes the secret to Ferry&apos;s settings file, readable by anyone who can read your
                    files.
                  </span>
                </label>
              </div>
            ) : null}
          </>
        ) : (
          <>
            <TextField
              label="Profile name"
              value={fields.profile}
              onChange={(v) => set('profile', v)}
              placeholder="default"
              wide
            />
            <p className="connection-form__hint muted">
              Read from ~/.aws/config and ~/.aws/credentials when Ferry connects, so temporary and SSO
              credentials work too (for SSO, sign in with <code>aws sso login</code> first). No key is stored
              in Ferry.
            </p>
          </>
        )}
        <label className="connection-form__check">
          <input
            type="checkbox"
            checked={fields.pathStyle}
            onChange={(e) => set('pathStyle', e.target.checked)}
          />
          <span className="connection-form__check-label">Path-style addressing</span>
          <span className="muted">Most self-hosted stores need it.</span>
        </label>
      </div>

      <div className="connection-form__feedback" aria-live="polite">
        {feedback.kind === 'busy' && feedback.what === 'test' ? (
          <p className="connection-form__status">
            <span className="spinner" /> Testing connection…
          </p>
        ) : null}
        {feedback.kind === 'tested' ? (
          <p className="connection-form__status connection-form__status--ok">
            <CheckIcon /> Connected in {feedback.result.millis} ms
            {feedback.result.bucketCount !== undefined
              ? `, ${feedback.result.bucketCount} bucket${feedback.result.bucketCount === 1 ? '' : 's'} visible`
              : ''}
            .
          </p>
        ) : null}
        {feedback.kind === 'error' ? <ErrorNotice title={feedback.title} error={feedback.error} /> : null}
      </div>

      <footer className="connection-form__actions">
        {editing ? (
          <button
            type="button"
            className="button button--danger"
            disabled={busy}
            onClick={() => void remove()}
          >
            {confirmingRemove ? 'Confirm remove' : 'Remove'}
          </button>
        ) : null}
        <span className="connection-form__spacer" />
        <button type="button" className="button" disabled={busy} onClick={() => void test()}>
          Test connection
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          Save connection
        </button>
      </footer>
    </form>
  )
}
