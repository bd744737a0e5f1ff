// The CPU one small PUT costs Node itself, without Ferry: a loop of keep-alive PUTs of 64 KiB
// to the local stub (stub-s3.mjs, which checks no signature), 8 at a time, through node:http,
// and through undici's Pool when undici can be imported (it is not a dependency of Ferry:
// `npm install --no-save undici@7` to compare). The README quotes it as the floor under
// Ferry's CPU per small file.
//
//   node scripts/bench/stub-s3.mjs --port 7899 &
//   node scripts/bench/request-floor.mjs --endpoint http://127.0.0.1:7899 [--requests 2000]
import http from 'node:http'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string', default: 'http://127.0.0.1:7899' },
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
  },
})
const url = new URL(values.endpoint)
const total = Number(values.requests)
const concurrency = Number(values.concurrency)
const body = Buffer.alloc(64 * 1024, 7)
const headers = { 'content-length': String(body.length), 'content-type': 'application/octet-stream' }

const agent = new http.Agent({ keepAlive: true, maxSockets: 50 })
const viaHttp = (i) =>
  new Promise((resolve, reject) => {
    const req = http.request(
      { agent, method: 'PUT', hostname: url.hostname, port: url.port, path: `/bench/floor/h${i}`, headers },
      (res) => {
        res.resume()
        res.once('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })

async function measure(name, send) {
  await send(-1)
  const before = process.cpuUsage()
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await send(next++)
    }),
  )
  const used = process.cpuUsage(before)
  console.log(`${name.padEnd(10)} ${((used.user + used.system) / 1000 / total).toFixed(3)} ms of CPU per PUT`)
}

await measure('node:http', viaHttp)
let undici
try {
  undici = await import('undici')
} catch {
  console.log('undici     not installed: skipped (npm install --no-save undici@7)')
}
if (undici) {
  const pool = new undici.Pool(url.origin, { connections: 50 })
  await measure('undici', async (i) => {
    const res = await pool.request({ method: 'PUT', path: `/bench/floor/u${i}`, headers, body })
    await res.body.dump()
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`)
  })
  await pool.close()
}
agent.destroy()
