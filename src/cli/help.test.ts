import { parseArgs } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { version } from '../../package.json'
import { parserOptions, type CliCommand } from './command'
import { commandHelp, commandList, optionLabel, usageLines, wrap } from './help'
import { main } from './main'
import { allCommands } from './registry'

const commands = [...(await allCommands()).values()]
const flagsIn = (text: string): string[] =>
  [...text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]!)

describe('every option the parser takes is described', () => {
  it.each(commands.map((c) => [c.name, c] as const))('%s', (_name, command: CliCommand) => {
    const help = commandHelp(command)
    for (const [name, o] of Object.entries(command.options)) {
      expect(o.help.trim(), `--${name} has no description`).not.toBe('')
      expect(o.help, `--${name}: a sentence ends with a full stop`).toMatch(/[.)]$/)
      if (o.type === 'string') expect(o.value, `--${name} needs a value placeholder`).toMatch(/\S/)
      else expect(o.value, `--${name} takes no value`).toBeUndefined()
      expect(help).toContain(optionLabel(name, o))
    }
    // The parser reads exactly the table the help was made from.
    expect(Object.keys(parserOptions(command.options)).sort()).toEqual(Object.keys(command.options).sort())
    const usage = flagsIn(usageLines(command).join(' '))
    for (const [name, o] of Object.entries(command.options))
      if (o.group !== 'connection') expect(usage, `--${name} is not in the usage`).toContain(name)
    expect(command.description.length, 'a paragraph, not a line').toBeGreaterThan(command.summary.length)
  })

  it('gives each command examples that run it, with options the command named takes', () => {
    const byName = new Map(commands.map((c) => [c.name, c]))
    for (const command of commands) {
      const names = command.examples.map((e) => /^(?:\w+=\S+ )*ferry ([a-z]+)/.exec(e.command)?.[1])
      expect(names, command.name).toContain(command.name)
      command.examples.forEach((e, i) => {
        const shown = byName.get(names[i] ?? '')
        expect(shown, e.command).toBeDefined()
        for (const flag of flagsIn(e.command)) expect(Object.keys(shown!.options), e.command).toContain(flag)
      })
    }
  })

  it('keeps every line of the help under 100 columns', () => {
    const texts = [commandList(commands, version), ...commands.map(commandHelp)]
    for (const line of texts.join('\n').split('\n')) expect(line.length, line).toBeLessThan(100)
  })
})

describe('parserOptions', () => {
  it('hands the parser no default, so an absent option stays undefined', () => {
    const table = {
      expires: { type: 'string', value: 'DURATION', help: 'How long.', byDefault: '1h' },
      recursive: { type: 'boolean', short: 'r', help: 'All of it.' },
      meta: { type: 'string', multiple: true, value: 'KEY=VALUE', help: 'Metadata.' },
    } as const
    const options = parserOptions(table)
    expect(parseArgs({ args: [], options }).values).toEqual({})
    expect(parseArgs({ args: ['-r', '--meta', 'a=1', '--meta', 'b=2'], options }).values).toEqual({
      recursive: true,
      meta: ['a=1', 'b=2'],
    })
  })
})

describe('wrap', () => {
  it('breaks at spaces, or only between the words given', () => {
    expect(wrap('one two three', 7)).toEqual(['one two', 'three'])
    expect(wrap(['[--a B]', '[--c D]'], 10)).toEqual(['[--a B]', '[--c D]'])
    expect(wrap('unbreakable-word', 4)).toEqual(['unbreakable-word'])
  })
})

describe('ferry --version and ferry help', () => {
  let out = ''
  let err = ''
  const run = async (...argv: string[]) => {
    out = ''
    err = ''
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true))
    return main(argv, {})
  }
  afterEach(() => vi.restoreAllMocks())

  it("prints package.json's version for --version, -V and version", async () => {
    for (const flag of ['--version', '-V', 'version']) {
      expect(await run(flag)).toBe(0)
      expect(out).toBe(`ferry ${version}\n`)
    }
  })

  it('prints one command\'s help for "help CMD" and "CMD --help" alike', async () => {
    expect(await run('help', 'upload')).toBe(0)
    const viaHelp = out
    expect(await run('upload', '--help')).toBe(0)
    expect(out).toBe(viaHelp)
    expect(out).toMatch(/^Usage:\n {2}ferry upload PATH\.\.\./)
    expect(out).toContain('--endpoint URL')
    expect(out).toContain('Examples:')
  })

  it('lists every command for help, --help and -h', async () => {
    for (const argv of [['help'], ['--help'], ['-h']]) {
      expect(await run(...argv)).toBe(0)
      for (const c of commands) expect(out).toContain(`  ${c.name} `)
    }
  })

  it('refuses help for a command that does not exist, naming the fix (exit 2)', async () => {
    expect(await run('help', 'nosuch')).toBe(2)
    expect(out).toBe('')
    expect(err).toBe('ferry: unknown command "nosuch". Fix: run ferry help to see the commands.\n')
  })
})
