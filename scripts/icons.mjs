// Renders Ferry's icons from their SVG sources (build/icons/*.svg) into what electron-builder
// and the app need: PNGs in build/icons (Linux, and the source of everything else),
// build/icon.ico (Windows: PNG-compressed entries), build/icon.icns (macOS) and the window and
// tray images in resources/. Chromium rasterizes (the one SVG renderer the machine has); the
// ICO and ICNS containers are simple enough to pack here. Run: node scripts/icons.mjs
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium } from 'playwright'

const root = new URL('..', import.meta.url).pathname
const build = join(root, 'build')
const resources = join(root, 'resources')

async function renderer() {
  const browser = await chromium.launch({
    executablePath: process.env.FERRY_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  })
  const page = await browser.newPage()
  return {
    async png(svgFile, size) {
      const svg = (await readFile(svgFile)).toString('base64')
      await page.setViewportSize({ width: size, height: size })
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><img width="${size}" height="${size}" src="data:image/svg+xml;base64,${svg}"></body></html>`,
      )
      await page.locator('img').evaluate((img) => img.decode())
      return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })
    },
    close: () => browser.close(),
  }
}

/** ICO with PNG entries (Windows Vista and later read them; 256 is written as 0). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  let offset = header.length
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i
    header.writeUInt8(size >= 256 ? 0 : size, at)
    header.writeUInt8(size >= 256 ? 0 : size, at + 1)
    header.writeUInt16LE(1, at + 4)
    header.writeUInt16LE(32, at + 6)
    header.writeUInt32LE(png.length, at + 8)
    header.writeUInt32LE(offset, at + 12)
    offset += png.length
  })
  return Buffer.concat([header, ...images.map((i) => i.png)])
}

/** ICNS with PNG entries, by Apple's OSType for each size. */
function icns(entries) {
  const chunks = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4)
  return Buffer.concat([head, ...chunks])
}

const r = await renderer()
try {
  const app = join(build, 'icons', 'ferry.svg')
  const tray = join(build, 'icons', 'tray.svg')
  const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
  const png = {}
  for (const size of sizes) png[size] = await r.png(app, size)
  await mkdir(join(build, 'icons'), { recursive: true })
  await mkdir(resources, { recursive: true })
  // electron-builder's Linux icon set: a folder of NxN.png files.
  for (const size of sizes.filter((s) => s <= 512))
    await writeFile(join(build, 'icons', `${size}x${size}.png`), png[size])
  await writeFile(join(build, 'icon.png'), png[1024])
  await writeFile(
    join(build, 'icon.ico'),
    ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: png[size] }))),
  )
  await writeFile(
    join(build, 'icon.icns'),
    icns([
      { type: 'icp4', png: png[16] },
      { type: 'icp5', png: png[32] },
      { type: 'icp6', png: png[64] },
      { type: 'ic07', png: png[128] },
      { type: 'ic08', png: png[256] },
      { type: 'ic09', png: png[512] },
      { type: 'ic10', png: png[1024] },
    ]),
  )
  // The window's icon (Linux, Windows) and the trays: colour on Windows and Linux, a
  // template image in macOS's menu bar.
  await writeFile(join(resources, 'icon.png'), png[256])
  await writeFile(join(resources, 'tray.png'), png[32])
  await writeFile(join(resources, 'trayTemplate.png'), await r.png(tray, 16))
  await writeFile(join(resources, 'trayTemplate@2x.png'), await r.png(tray, 32))
} finally {
  await r.close()
}
console.log('icons written to build/ and resources/')
