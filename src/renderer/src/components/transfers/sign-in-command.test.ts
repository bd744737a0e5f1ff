import { describe, expect, it } from 'vitest'
import { signInCommand } from './sign-in-command'

describe('signInCommand', () => {
  it('finds the sign-in command in the fix main wrote, and nothing in other fixes', () => {
    const fix = 'Run `aws sso login --profile dev` in a terminal; the transfer carries on by itself.'
    expect(signInCommand({ code: 'credentials-expired', message: 'm', fix })).toBe(
      'aws sso login --profile dev',
    )
    expect(
      signInCommand({ code: 'credentials-expired', message: 'm', fix: 'Refresh the credentials.' }),
    ).toBe(undefined)
    expect(signInCommand(undefined)).toBe(undefined)
  })
})
