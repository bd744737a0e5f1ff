import { badInput } from '../../../shared/errors'

/** Parses repeated KEY=VALUE arguments (--set, --meta); the value may contain "=" and be empty. */
export function parseMetadataPairs(pairs: readonly string[], flag: string): Record<string, string> {
  const out = new Map<string, string>()
  for (const pair of pairs) {
    const at = pair.indexOf('=')
    if (at <= 0)
      throw badInput(
        `${flag} "${pair}" is not KEY=VALUE`,
        `Write it as ${flag} owner=alice (the value may be empty: ${flag} note=).`,
      )
    const name = pair.slice(0, at)
    if (out.has(name.toLowerCase()))
      throw badInput(`${flag} gives "${name}" twice`, `Give each metadata name once.`)
    out.set(name.toLowerCase(), pair.slice(at + 1))
  }
  return Object.fromEntries(out)
}
