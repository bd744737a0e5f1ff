import { resolve } from 'node:path'

/** The repository root; e2e runs the built app under out/, never src modules. */
export const ROOT = resolve(import.meta.dirname, '../..')
export const BUILT_RENDERER = resolve(ROOT, 'out/renderer')
export const BUILT_HEADLESS = resolve(ROOT, 'out/main/headless.js')
export const BUILT_ELECTRON_MAIN = resolve(ROOT, 'out/main/index.js')
export const S3_SERVER_SCRIPT = resolve(ROOT, 'scripts/s3-server.sh')
