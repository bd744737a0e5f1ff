import { PutObjectCommand } from '@aws-sdk/client-s3'
import { test, expect } from './fixtures'
import type { PageWindow } from './support/page-globals'
import { bridgeEvents, bridgeMethods } from '../src/shared/bridge/methods'

test('the page sees window.ferry and nothing of Node or Electron', async ({ page }) => {
  const exposed = await page.evaluate(() => {
    const w = globalThis as unknown as PageWindow
    return {
      require: typeof w['require'],
      process: typeof w['process'],
      ipcRenderer: typeof w['ipcRenderer'],
      module: typeof w['module'],
      Buffer: typeof w['Buffer'],
      electron: typeof w['electron'],
      ferryKeys: Object.keys(w.ferry).sort(),
      ferryFunctions: Object.values(w.ferry).every((v) => typeof v === 'function'),
    }
  })
  expect(exposed).toMatchObject({
    require: 'undefined',
    process: 'undefined',
    ipcRenderer: 'undefined',
    module: 'undefined',
    Buffer: 'undefined',
    electron: 'undefined',
    ferryFunctions: true,
  })
  // Named functions from the contract and the dropped-file helper; no generic invoke(channel).
  expect(exposed.ferryKeys).toEqual(
    [...Object.keys(bridgeMethods), ...Object.keys(bridgeEvents), 'pathForFile'].sort(),
  )
})

test('the Content-Security-Policy blocks injected inline script, eval and style attributes', async ({
  page,
}) => {
  const outcome = await page.evaluate(async () => {
    const w = globalThis as unknown as PageWindow
    const doc = w['document'] as {
      createElement(tag: string): { textContent: string; setAttribute(n: string, v: string): void }
      body: { append(node: unknown): void }
      addEventListener(type: string, listener: (event: { violatedDirective: string }) => void): void
    }
    const violations: string[] = []
    doc.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective))

    const script = doc.createElement('script')
    script.textContent = 'window.__injectedInline = true'
    doc.body.append(script)

    // DevTools lets code it evaluates call eval (CDP's allowUnsafeEvalBlockedByCSP), so eval
    // is tried from a timer task, where the page's own policy applies as it would to an attacker.
    const evalBlocked = await new Promise<boolean>((resolve) =>
      setTimeout(() => {
        try {
          ;(0, eval)('window.__injectedEval = true')
          resolve(false)
        } catch {
          resolve(true)
        }
      }, 0),
    )

    const styled = doc.createElement('div')
    styled.setAttribute('style', 'color: rgb(255, 0, 0)')
    doc.body.append(styled)
    const color = (w['getComputedStyle'] as (e: unknown) => { color: string })(styled).color

    // securitypolicyviolation events are dispatched asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 200))
    return { inline: w['__injectedInline'], evaled: w['__injectedEval'], evalBlocked, color, violations }
  })
  expect(outcome.inline).toBeUndefined()
  expect(outcome.evaled).toBeUndefined()
  expect(outcome.evalBlocked).toBe(true)
  expect(outcome.color).not.toBe('rgb(255, 0, 0)')
  expect(outcome.violations).toEqual(
    expect.arrayContaining(['script-src-elem', 'script-src', 'style-src-attr']),
  )
})

test('the app itself renders and browses without a single CSP violation', async ({ page, bucket, s3 }) => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'folder/a.txt', Body: 'a' }))
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'b.txt', Body: 'b' }))
  await page.addInitScript(() => {
    const w = globalThis as unknown as PageWindow
    const violations: string[] = []
    w['__cspViolations'] = violations
    ;(
      w['document'] as {
        addEventListener(t: string, l: (e: { violatedDirective: string; sample: string }) => void): void
      }
    ).addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.violatedDirective}: ${event.sample}`),
    )
  })
  await page.reload()
  await page
    .getByRole('navigation', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click()
  const objects = page.getByRole('grid', { name: 'Objects' })
  await objects.getByRole('row', { name: 'folder', exact: true }).click()
  await expect(objects.getByRole('row', { name: 'a.txt', exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Edit local' }).click()
  await expect(page.getByRole('dialog')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()

  expect(await page.evaluate(() => (globalThis as unknown as PageWindow)['__cspViolations'])).toEqual([])
})
