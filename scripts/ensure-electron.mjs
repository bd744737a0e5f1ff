// npm 11 does not run electron's postinstall (which downloads the binary) unless approved,
// so `npm start` fetches it on first use instead. Where the binary cannot be had (offline
// machines, CI here), this says so; nothing else in Ferry needs it.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))
const pathFile = join(electronDir, 'path.txt')
const hasBinary = () => existsSync(pathFile) && existsSync(join(electronDir, 'dist'))

if (!hasBinary()) {
  console.error('ferry: downloading the Electron binary (first start)...')
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  })
  if (result.status !== 0 || !hasBinary()) {
    console.error(
      'ferry: the Electron binary could not be downloaded. Fix: check the network (or set ELECTRON_MIRROR), then run `npm start` again.\n' +
        'The CLI works without it: `npm run build && npm run ferry -- --help`.',
    )
    process.exit(1)
  }
}
