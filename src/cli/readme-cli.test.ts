// The README's command-line section against the commands' option tables (the help's data):
// a command or an option added, renamed or removed in one place and not the other fails here.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { CliCommand } from './command'
import { allCommands } from './registry'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const commands = await allCommands()
/** Flags every command answers without declaring them. */
const GLOBAL_FLAGS = ['help', 'version']

/** The text under a "## " heading, up to the next one. */
export function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`the README has no "## ${heading}" section`)
  const end = markdown.indexOf('\n## ', start + 1)
  return markdown.slice(start, end < 0 ? undefined : end)
}

/** "--part-size SIZE -r --json" -> ["part-size", "-r", "json"]: long flags bare, short ones with "-". */
export function flagsIn(text: string): string[] {
  return [...text.matchAll(/(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z](?![\w-]))/g)].map((m) =>
    m[1]!.startsWith('--') ? m[1]!.slice(2) : m[1]!,
  )
}

/**
 * The command summary block: the section's first ```text block, where each entry starts with
 * "ferry NAME" at the start of a line and its options follow on indented lines.
 */
export function summaryEntries(cliSection: string): Map<string, string> {
  const block = /```text\n([\s\S]*?)```/.exec(cliSection)?.[1]
  if (block === undefined) throw new Error('the CLI section has no ```text block of commands')
  const entries = new Map<string, string>()
  let current: string | undefined
  for (const line of block.split('\n').filter((l) => l.trim() !== '')) {
    const name = /^ferry ([a-z]+)/.exec(line)?.[1]
    if (name) {
      current = name
      entries.set(name, `${entries.get(name) ?? ''}\n${line}`)
    } else if (/^\s/.test(line) && current) entries.set(current, `${entries.get(current)}\n${line}`)
    else throw new Error(`"${line}" neither starts an entry (ferry NAME) nor continues one (indented)`)
  }
  return entries
}

/** Whether a flag the README wrote ("json" or "-r") is one the command takes. */
function takes(command: CliCommand, flag: string): boolean {
  if (GLOBAL_FLAGS.includes(flag)) return true
  if (flag.startsWith('-')) return Object.values(command.options).some((o) => `-${o.short}` === flag)
  return flag in command.options
}

const cli = section(README, 'The command line')
const entries = summaryEntries(cli)

describe("the README's command summary matches the commands", () => {
  it('lists every command, and no command that does not exist', () => {
    expect([...entries.keys()].sort()).toEqual([...commands.keys()].sort())
  })

  it.each([...commands.keys()])(
    'ferry %s: each option written exists, and each option is written',
    (name) => {
      const command = commands.get(name)!
      const written = flagsIn(entries.get(name) ?? '')
      for (const flag of written) expect(takes(command, flag), `ferry ${name} has no ${flag}`).toBe(true)
      for (const [option, o] of Object.entries(command.options)) {
        if (o.group === 'connection') continue
        expect(written, `the README's ferry ${name} entry leaves out --${option}`).toContain(option)
      }
    },
  )

  it('names the connection options, and only options some command takes', () => {
    const all = [...commands.values()]
    for (const flag of flagsIn(cli))
      expect(
        all.some((c) => takes(c, flag)),
        `no command takes ${flag}`,
      ).toBe(true)
    const connection = new Set(
      all.flatMap((c) =>
        Object.entries(c.options)
          .filter(([, o]) => o.group === 'connection')
          .map(([n]) => n),
      ),
    )
    for (const option of connection) expect(flagsIn(cli), `--${option}`).toContain(option)
  })
})

describe('every ferry command line the README shows', () => {
  // Inline code spans and the lines of shell blocks, anywhere in the README.
  const spans = [
    ...[...README.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!),
    ...[...README.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')),
  ]
  const lines = spans.flatMap((s) => [...s.matchAll(/(?:^|\s)ferry ([a-z]+)([^#]*)/g)])

  it('names a real command with options that command takes', () => {
    expect(lines.length).toBeGreaterThan(5)
    for (const [text, name, rest] of lines) {
      if (name === 'help') continue
      const command = commands.get(name!)
      expect(command, `"${text.trim()}": there is no ferry ${name}`).toBeDefined()
      for (const flag of flagsIn(rest!))
        expect(takes(command!, flag), `"${text.trim()}": ferry ${name} has no ${flag}`).toBe(true)
    }
  })
})

describe('the checks themselves', () => {
  it('read flags, entries and sections as the README writes them', () => {
    expect(flagsIn('--part-size SIZE  -r, --recursive  KEY=VALUE... s3://b/x-y')).toEqual([
      'part-size',
      '-r',
      'recursive',
    ])
    const text =
      '## The command line\n\n```text\nferry ls [s3://B]   list\n      --human\nferry rm KEY\n```\n'
    expect([...summaryEntries(section(`\n${text}`, 'The command line'))]).toEqual([
      ['ls', '\nferry ls [s3://B]   list\n      --human'],
      ['rm', '\nferry rm KEY'],
    ])
    expect(() => summaryEntries('```text\nls --human\n```')).toThrow(/neither starts an entry/)
  })
})
