/** The global --debug flag, taken out of the arguments wherever it stands (before `--` only). */
export function withoutDebugFlag(args: readonly string[]): { argv: string[]; debug: boolean } {
  const end = args.indexOf('--')
  const head = end < 0 ? [...args] : args.slice(0, end)
  const tail = end < 0 ? [] : args.slice(end)
  const kept = head.filter((a) => a !== '--debug')
  return { argv: [...kept, ...tail], debug: kept.length !== head.length }
}
