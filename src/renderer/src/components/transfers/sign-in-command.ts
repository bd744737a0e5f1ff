import type { FerryErrorValue } from '../../../../shared/errors'

/** The command main names in a needs-credentials fix, e.g. "aws sso login --profile dev". */
export function signInCommand(error: FerryErrorValue | undefined): string | undefined {
  return error ? /`(aws (?:sso )?login[^`]*)`/.exec(error.fix)?.[1] : undefined
}
