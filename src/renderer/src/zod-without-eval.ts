// The page's Content-Security-Policy forbids eval. zod compiles its object parsers with
// `new Function` when it can, and probes for that ability first; under the policy the probe
// throws (caught) but is still reported as a violation. Jitless mode skips both. Imported
// first by main.tsx, before any schema parses.
import { config } from 'zod'

config({ jitless: true })
