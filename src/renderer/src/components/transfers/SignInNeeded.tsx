import { useState } from 'react'
import type { FerryErrorValue } from '../../../../shared/errors'
import { ferry } from '../../bridge'
import { signInCommand } from './sign-in-command'
import './sign-in-needed.css'

interface Props {
  error: FerryErrorValue | undefined
}

/**
 * A transfer waiting for a sign-in: the command to run, ready to copy. Nothing to press
 * afterwards: main notices the sign-in and the transfer carries on by itself.
 */
export function SignInNeeded({ error }: Props) {
  const [copied, setCopied] = useState(false)
  const command = signInCommand(error)
  if (!command) return null
  const copy = async () => setCopied((await ferry.copyText({ text: command })).ok)
  return (
    <div className="transfer__sign-in" role="status">
      <span>Sign in again to carry on: run</span> <code>{command}</code>{' '}
      <button type="button" className="button button--small" onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy'}
      </button>
      <span className="muted"> The transfer resumes by itself once you are signed in.</span>
    </div>
  )
}
