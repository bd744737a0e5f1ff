// Checks the installers' configuration and a packaged app, as far as this machine allows.
//
//   node scripts/dist-check.mjs config [FILE]   electron-builder.yml (or FILE) against
//                                               electron-builder's own schema
//   node scripts/dist-check.mjs build           the build output (out/) has every entry the
//                                               app, the engine and the CLI need, and every
//                                               package they import at run time is a dependency
//   node scripts/dist-check.mjs package DIR     a packaged app folder (electron-builder --dir,
//                                               e.g. dist/linux-unpacked): app.asar holds the
//                                               code and its dependencies, the launcher, the
//                                               unpacked files and native addons (unpacked, as
//                                               Electron loads them) are there, and the `ferry`
//                                               launcher runs the CLI from the package
//
// The Electron binary cannot be downloaded here, so `package` runs on a package built with a
// stand-in binary (`-c.electronDist=DIR`); it stands in for Electron run as Node by running
// Node on the extracted archive. Exit 0 when everything holds, 1 with the problems listed.
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { builtinModules } from 'node:module'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
const require = createRequire(import.meta.url)

/** What the app needs in out/ at run time: Electron's main, the engine, the CLI, the preload, the page. */
export const BUILD_ENTRIES = [
  'out/main/index.js',
  'out/main/engine.js',
  'out/main/cli.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
  'bin/ferry.js',
  'resources/icon.png',
  'resources/tray.png',
  'resources/trayTemplate.png',
  'resources/trayTemplate@2x.png',
]

export async function checkConfig(file = join(root, 'electron-builder.yml')) {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js')
  const { DebugLogger } = require('builder-util')
  const config = await getConfig(root, file, null)
  await validateConfiguration(config, new DebugLogger(false))
  const problems = []
  for (const path of [
    config.linux?.icon,
    config.mac?.icon,
    config.win?.icon,
    config.deb?.afterInstall,
    config.deb?.afterRemove,
  ])
    if (path && !existsSync(join(root, path))) problems.push(`${path} is named in ${file} but missing`)
  // Native addons (@node-rs/crc32's .node file) cannot be loaded from inside app.asar: Electron
  // loads them from app.asar.unpacked, where electron-builder's smart unpack (on unless
  // asar.smartUnpack is false) or an asarUnpack pattern for *.node puts them.
  const unpack = [config.asarUnpack ?? []].flat()
  if (config.asar?.smartUnpack === false && !unpack.some((p) => p.endsWith('*.node')))
    problems.push(`native addons would stay inside app.asar: add '**/*.node' to asarUnpack in ${file}`)
  for (const r of config.extraResources ?? [])
    if (!existsSync(join(root, r.from))) problems.push(`${r.from} is missing`)
  const targets = (t) => (t ?? []).map((x) => (typeof x === 'string' ? x : x.target))
  const want = { linux: ['AppImage', 'deb'], mac: ['dmg'], win: ['nsis'] }
  for (const [platform, names] of Object.entries(want))
    for (const name of names)
      if (!targets(config[platform]?.target).includes(name))
        problems.push(`${platform} does not build ${name}`)
  return problems
}

const NOT_PACKAGED = new Set([
  // The runtime itself, never a packaged dependency.
  'electron',
  // Only named in an AWS SDK error message ("register the package by calling require(...)").
  '@aws-sdk/signature-v4a',
])

/** Bare package names the built main-side code imports at run time. */
function runtimeImports(dir) {
  const names = new Set()
  for (const entry of readdirSync(dir, { recursive: true })) {
    if (!String(entry).endsWith('.js') && !String(entry).endsWith('.cjs')) continue
    const text = readFileSync(join(dir, String(entry)), 'utf8')
    // createRequire(import.meta.url)("name"): how ES module code loads a CommonJS package lazily.
    const loads =
      /\b(?:from\s*|import\s*\(\s*|require\(\s*|createRequire\(import\.meta\.url\)\(\s*)["']([^"']+)["']/g
    for (const m of text.matchAll(loads)) {
      const spec = m[1]
      if (spec.startsWith('.') || !/^(@[\w.-]+\/)?[\w.-]+(\/.*)?$/.test(spec)) continue
      if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) continue
      names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0])
    }
  }
  return names
}

export function checkBuild() {
  const problems = BUILD_ENTRIES.filter((p) => !existsSync(join(root, p))).map(
    (p) => `${p} is missing: run npm run build`,
  )
  if (problems.length > 0) return problems
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  for (const name of runtimeImports(join(root, 'out/main'))) {
    if (NOT_PACKAGED.has(name)) continue
    if (!pkg.dependencies?.[name])
      problems.push(
        `out/main imports ${name}, which is not in "dependencies" (it would be missing from the package)`,
      )
  }
  return problems
}

export function checkPackage(dir) {
  const problems = []
  const resources = join(dir, 'resources')
  const archive = join(resources, 'app.asar')
  if (!existsSync(archive)) return [`${archive} is missing`]
  const asar = require('@electron/asar')
  const inArchive = new Set(asar.listPackage(archive).map((f) => f.replaceAll('\\', '/')))
  for (const p of [...BUILD_ENTRIES, 'package.json', 'README.md'])
    if (!inArchive.has(`/${p}`)) problems.push(`app.asar lacks ${p}`)
  for (const p of ['README.md', 'resources/icon.png', 'resources/tray.png'])
    if (!existsSync(join(resources, 'app.asar.unpacked', p)))
      problems.push(`${p} is not unpacked beside app.asar`)
  const addons = [...inArchive].filter((p) => p.endsWith('.node'))
  if (!addons.some((p) => /\/node_modules\/@node-rs\/crc32-[^/]+\//.test(p)))
    problems.push(
      "app.asar lacks @node-rs/crc32's binary for this platform (uploads fall back to zlib.crc32)",
    )
  for (const p of addons)
    if (!asar.statFile(archive, p.slice(1)).unpacked || !existsSync(join(resources, 'app.asar.unpacked', p)))
      problems.push(`${p} is inside app.asar: Electron can load a native addon only from app.asar.unpacked`)
  const launcher = join(resources, 'bin', 'ferry')
  if (!existsSync(launcher) || (statSync(launcher).mode & 0o111) === 0)
    problems.push('resources/bin/ferry is missing or not executable')
  if (!existsSync(join(resources, 'bin', 'ferry.cmd'))) problems.push('resources/bin/ferry.cmd is missing')
  if (problems.length > 0) return problems

  // Run the CLI the way an installed Ferry does: resources/bin/ferry runs the app's binary with
  // ELECTRON_RUN_AS_NODE=1 on app.asar/bin/ferry.js. The stand-in binary insists on that
  // variable and runs Node on the extracted archive instead.
  const work = mkdtempSync(join(tmpdir(), 'ferry-dist-check-'))
  try {
    const app = join(work, 'app')
    execFileSync('cp', ['-R', dir, app])
    asar.extractAll(join(app, 'resources', 'app.asar'), join(app, 'resources', 'app.asar.extracted'))
    const binary = readdirSync(dir).find((f) => f === 'ferry-app') ?? 'ferry-app'
    writeFileSync(
      join(app, binary),
      [
        '#!/bin/sh',
        '[ "$ELECTRON_RUN_AS_NODE" = 1 ] || { echo "not run as node" >&2; exit 3; }',
        'script=$(printf %s "$1" | sed "s#/app.asar/#/app.asar.extracted/#"); shift',
        `exec "${process.execPath}" "$script" "$@"`,
        '',
      ].join('\n'),
    )
    chmodSync(join(app, binary), 0o755)
    const run = (...args) =>
      execFileSync(join(app, 'resources', 'bin', 'ferry'), args, {
        encoding: 'utf8',
        env: { ...process.env, FERRY_STATE_DIR: join(work, 'state') },
      })
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    const version = run('--version').trim()
    if (version !== `ferry ${pkg.version}`) problems.push(`the packaged CLI says "${version}"`)
    // A command that loads the S3 client and the journal catalog: the bundled dependencies load.
    const listed = run('transfers', '--json')
    if (listed.trim() !== '') JSON.parse(listed.split('\n')[0])
    if (!run('help', 'upload').includes('ferry upload'))
      problems.push('the packaged CLI has no help for upload')
  } catch (e) {
    problems.push(`the packaged CLI did not run: ${e.message}`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  return problems
}

const [command, arg] = process.argv.slice(2)
if (import.meta.url === `file://${process.argv[1]}`) {
  let problems
  if (command === 'config')
    problems = await checkConfig(arg ? resolve(arg) : undefined).catch((e) => [e.message])
  else if (command === 'build') problems = checkBuild()
  else if (command === 'package' && arg) problems = checkPackage(resolve(arg))
  else {
    process.stderr.write('usage: node scripts/dist-check.mjs config [FILE] | build | package DIR\n')
    process.exit(2)
  }
  for (const p of problems) process.stderr.write(`dist-check: ${p}\n`)
  if (problems.length === 0) process.stdout.write(`dist-check ${command}: ok\n`)
  process.exit(problems.length === 0 ? 0 : 1)
}
