// The text of `ferry --help` and `ferry help COMMAND`, generated from each command's option
// table (the one the parser reads), so the help cannot leave out an option the parser takes.
import type { CliCommand, CliOption } from './command'

/** Wide enough that most options take one or two lines, narrow enough for a laptop's terminal. */
export const HELP_WIDTH = 90

/**
 * Splits text into lines of at most `width` characters, breaking at spaces, or between the
 * given words only (so "[--part-size SIZE]" stays whole). A word longer than a line has one.
 */
export function wrap(text: string | string[], width: number): string[] {
  const words = typeof text === 'string' ? text.split(/\s+/).filter(Boolean) : text
  const lines: string[] = []
  let line = ''
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines
}

/** "--part-size SIZE", "-r, --recursive", "--meta KEY=VALUE..." */
export function optionLabel(name: string, o: CliOption): string {
  const value = o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''
  const flag = `--${name}${value}${o.multiple ? '...' : ''}`
  return o.short ? `-${o.short}, ${flag}` : flag
}

/** "[--part-size SIZE]" for the usage line; repeatable options get "...". */
const bracketed = (name: string, o: CliOption): string =>
  `[--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}]${o.multiple ? '...' : ''}`

const isConnection = (o: CliOption) => o.group === 'connection'

/**
 * Each form of the command, then every option it takes (connection options summed up) that
 * no form already shows, wrapped and indented under the last form.
 */
export function usageLines(command: CliCommand): string[] {
  const entries = Object.entries(command.options)
  const inForms = (name: string) => command.synopsis.some((f) => f.split(' ').includes(`--${name}`))
  const own = entries
    .filter(([name, o]) => !isConnection(o) && !inForms(name))
    .map(([name, o]) => bracketed(name, o))
  if (entries.some(([, o]) => isConnection(o))) own.push('[connection options]')
  return [...command.synopsis, ...wrap(own, HELP_WIDTH - 8).map((line) => `      ${line}`)]
}

function optionRows(rows: [string, CliOption][]): string[] {
  // Long flags line up whether or not a short one comes first ("-r, --recursive").
  const indent = rows.some(([, o]) => o.short) ? '    ' : ''
  const labels = rows.map(([name, o]) => (o.short ? '' : indent) + optionLabel(name, o))
  // Long labels would push every description right; past 28 columns they go on a line of their own.
  const column = Math.min(28, Math.max(...labels.map((l) => l.length))) + 4
  const out: string[] = []
  rows.forEach(([, o], i) => {
    const label = `  ${labels[i]!}`
    const text = [
      o.help,
      o.multiple ? 'Repeat it for more.' : '',
      o.byDefault ? `Default: ${o.byDefault}.` : '',
    ]
      .filter(Boolean)
      .join(' ')
    const body = wrap(text, HELP_WIDTH - column)
    if (label.length + 2 > column) out.push(label)
    else out.push(`${label.padEnd(column)}${body.shift() ?? ''}`)
    for (const line of body) out.push(`${' '.repeat(column)}${line}`)
  })
  return out
}

export function commandHelp(command: CliCommand): string {
  const entries = Object.entries(command.options)
  const own = entries.filter(([, o]) => !isConnection(o))
  const connection = entries.filter(([, o]) => isConnection(o))
  const sections = [
    ['Usage:', ...usageLines(command).map((l) => `  ${l}`)].join('\n'),
    wrap(command.description, HELP_WIDTH).join('\n'),
  ]
  if (own.length > 0) sections.push(['Options:', ...optionRows(own)].join('\n'))
  if (connection.length > 0)
    sections.push(
      [
        'Connection options (or the AWS_* environment variables and ~/.aws files):',
        ...optionRows(connection),
      ].join('\n'),
    )
  if (command.examples.length > 0)
    sections.push(
      [
        'Examples:',
        ...command.examples.flatMap((e) => [
          `  ${e.command}`,
          ...wrap(e.meaning, HELP_WIDTH - 6).map((l) => `      ${l}`),
        ]),
      ].join('\n'),
    )
  return `${sections.join('\n\n')}\n`
}

export function commandList(commands: Iterable<CliCommand>, version: string): string {
  const sorted = [...commands].sort((a, b) => a.name.localeCompare(b.name))
  const width = Math.max(...sorted.map((c) => c.name.length)) + 4
  const rows = sorted.flatMap((c) => {
    const [first = '', ...rest] = wrap(c.summary, HELP_WIDTH - width - 2)
    return [`  ${c.name.padEnd(width)}${first}`, ...rest.map((l) => `  ${' '.repeat(width)}${l}`)]
  })
  return [
    `ferry ${version}: move files between this computer and S3 or S3-compatible stores.`,
    '',
    'Usage: ferry COMMAND [ARGS] [options]',
    '',
    'Commands:',
    ...rows,
    '',
    'Run ferry help COMMAND (or ferry COMMAND --help) for its options and examples.',
    'ferry --version prints the version.',
    'ferry --debug COMMAND ... prints every request made to S3 on stderr, secrets redacted.',
    '',
  ].join('\n')
}
