import type { CliOption } from './command'

/** --version-id for the commands that read, copy or delete one version of an object. */
export const versionIdOption: CliOption = {
  type: 'string',
  value: 'ID',
  help: 'Act on this version of the object (ferry ls --versions lists them), not the latest.',
  byDefault: 'the latest version',
}
