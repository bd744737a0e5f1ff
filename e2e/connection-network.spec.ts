// A connection's own proxy and CA certificate file, typed into the form: the test and the
// browsing go through tinyproxy to a TLS front whose authority was made for this run
// (scripts/net-servers.sh, started here for this spec); a CA file that is missing is named.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test, expect } from './fixtures'
import { ROOT } from './support/paths'

const NET_SCRIPT = resolve(ROOT, 'scripts/net-servers.sh')

test('a connection reaches a private-CA store through its own proxy', async ({ page, bucket, server }) => {
  const state = mkdtempSync(join(tmpdir(), 'ferry-e2e-net-'))
  const env = { ...process.env, FERRY_TEST_S3_ENDPOINT: server.endpoint, FERRY_NET_STATE_DIR: state }
  try {
    const output = execFileSync('bash', [NET_SCRIPT, 'start'], {
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const net = Object.fromEntries(
      output.split('\n').flatMap((l) => {
        const m = /^(FERRY_TEST_[A-Z_]+)=(.*)$/.exec(l.trim())
        return m ? [[m[1]!, m[2]!]] : []
      }),
    )
    const tls = net['FERRY_TEST_TLS_ENDPOINT']!
    const proxy = net['FERRY_TEST_PROXY']!
    const proxyLog = net['FERRY_TEST_PROXY_LOG']!
    const caFile = join(net['FERRY_TEST_CA_DIR']!, 'ca.pem')
    const logFrom = statSync(proxyLog).size

    await page.getByRole('button', { name: 'Add connection' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add connection' })
    await dialog.getByLabel('Name', { exact: true }).fill('behind proxy')
    await dialog.getByLabel('Endpoint', { exact: true }).fill(tls)
    await dialog.getByLabel('Path-style addressing').check()
    await dialog.getByLabel('Access key ID', { exact: true }).fill(server.accessKeyId)
    await dialog.getByLabel('Secret access key', { exact: true }).fill(server.secretAccessKey)
    await dialog.getByLabel('Proxy', { exact: true }).fill(proxy)

    const missing = join(state, 'nowhere.pem')
    await dialog.getByLabel('CA certificate file', { exact: true }).fill(missing)
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    await expect(dialog.getByText(`the CA file ${missing}`, { exact: false })).toBeVisible()

    await dialog.getByLabel('CA certificate file', { exact: true }).fill(caFile)
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    await expect(dialog.getByText(/Connected in \d+ ms/)).toBeVisible()
    await dialog.getByRole('button', { name: 'Save connection' }).click()
    await expect(dialog).toBeHidden()

    await expect(
      page.getByRole('navigation', { name: 'Buckets' }).getByRole('button', { name: bucket, exact: true }),
    ).toBeVisible()
    const proxied = readFileSync(proxyLog).subarray(logFrom).toString('utf8')
    expect(proxied).toContain(`CONNECT ${new URL(tls).host}`)

    await page.getByRole('button', { name: 'Edit behind proxy' }).click()
    const edit = page.getByRole('dialog', { name: 'Edit “behind proxy”' })
    await expect(edit.getByLabel('Proxy', { exact: true })).toHaveValue(proxy)
    await expect(edit.getByLabel('CA certificate file', { exact: true })).toHaveValue(caFile)
    await edit.getByRole('button', { name: 'Remove' }).click()
    await edit.getByRole('button', { name: 'Confirm remove' }).click()
  } finally {
    execFileSync('bash', [NET_SCRIPT, 'stop'], { env, stdio: 'inherit' })
    rmSync(state, { recursive: true, force: true })
  }
})
