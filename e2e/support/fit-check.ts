// Finds controls that do not fit: a button, field, label or heading that sticks out of the
// window or out of an ancestor that clips it, and text that overflows its own control. Runs
// in the page; returns one line per problem, naming the element and what it overflows.
import { expect, type Locator, type Page } from '@playwright/test'

interface Box {
  left: number
  right: number
  top: number
  bottom: number
  width: number
  height: number
}
interface PageNode {
  readonly tagName: string
  readonly className: string | { baseVal: string }
  readonly textContent: string | null
  readonly parentElement: PageNode | null
  readonly scrollWidth: number
  readonly clientWidth: number
  getBoundingClientRect(): Box
  getAttribute(name: string): string | null
  closest(selector: string): PageNode | null
  matches(selector: string): boolean
  querySelectorAll(selector: string): ArrayLike<PageNode>
}
interface FitWindow {
  innerWidth: number
  innerHeight: number
  document: { querySelectorAll(selector: string): ArrayLike<PageNode> }
  getComputedStyle(node: PageNode): {
    overflowX: string
    overflowY: string
    visibility: string
    textOverflow: string
  }
}

/** What a person reads or operates: each must be fully on screen (or scrollable into view). */
const CONTROLS = [
  'button',
  'input:not([type="hidden"])',
  'select',
  'textarea',
  'label',
  'legend',
  'h2',
  'progress',
  '[role="menuitem"]',
  '[role="menuitemcheckbox"]',
  '[role="separator"]',
  '[role="columnheader"]',
  '[role="note"]',
  '.field__hint',
  '.modal__header p',
].join(',')

/** Scrolling areas: what they hold may scroll, but they themselves must fit the window. */
const SCROLLERS = [
  '.object-table__body',
  '.inspector__scroll',
  '.transfers__scroll',
  '.modal__body',
  'dialog[open]',
  '.sidebar__list--scroll',
].join(',')

/** Rows and bars whose content must not run past their own edge. */
const CONTAINERS = [
  '.browser__toolbar-row',
  '.transfers__header',
  '.transfer',
  '.object-row',
  '.inspector__content',
  '.sidebar',
  'dialog[open]',
  'dialog[open] form',
  '.connection-form__grid',
  '.settings-form__grid',
  '[role="menu"]',
].join(',')

export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ controls, containers, scrollers }) => {
      const w = globalThis as unknown as FitWindow
      const problems: string[] = []
      const name = (n: PageNode) => {
        const cls = typeof n.className === 'string' ? n.className : n.className.baseVal
        const label = n.getAttribute('aria-label') ?? (n.textContent ?? '').trim().slice(0, 40)
        return `<${n.tagName.toLowerCase()}${cls ? ` class="${cls}"` : ''}> "${label}"`
      }
      // Out of sight on purpose: measuring copies, closed popovers, collapsed or hidden parts.
      const ignored = (n: PageNode) =>
        n.closest('[inert], [aria-hidden="true"], .visually-hidden') !== null ||
        w.getComputedStyle(n).visibility === 'hidden'
      const TOLERANCE = 1

      for (const n of Array.from(w.document.querySelectorAll(controls))) {
        const box = n.getBoundingClientRect()
        if ((box.width === 0 && box.height === 0) || ignored(n)) continue
        let scrolls = false
        for (let a = n.parentElement; a; a = a.parentElement) {
          const style = w.getComputedStyle(a)
          if (style.overflowX === 'visible' && style.overflowY === 'visible') continue
          const clip = a.getBoundingClientRect()
          if (box.left < clip.left - TOLERANCE || box.right > clip.right + TOLERANCE)
            problems.push(
              `${name(n)} sticks out of ${name(a)} sideways (${box.left}..${box.right} vs ${clip.left}..${clip.right})`,
            )
          // Inside a scroller, rows above or below its edges are scrolled away, not cut off.
          if (style.overflowY === 'auto' || style.overflowY === 'scroll') scrolls = true
          else if (!scrolls && (box.top < clip.top - TOLERANCE || box.bottom > clip.bottom + TOLERANCE))
            problems.push(
              `${name(n)} is cut off by ${name(a)} (${box.top}..${box.bottom} vs ${clip.top}..${clip.bottom})`,
            )
          // Dialogs and popovers draw in the top layer: what holds them in the DOM does not clip them.
          if (a.matches('dialog, [popover]')) break
        }
        if (box.left < -TOLERANCE || box.right > w.innerWidth + TOLERANCE)
          problems.push(
            `${name(n)} runs past the window's side (${box.left}..${box.right} of ${w.innerWidth})`,
          )
        if (!scrolls && (box.top < -TOLERANCE || box.bottom > w.innerHeight + TOLERANCE))
          problems.push(
            `${name(n)} runs past the window's bottom (${box.top}..${box.bottom} of ${w.innerHeight})`,
          )
        // Text wider than its own control (fields scroll their text; ellipsis is deliberate).
        const tag = n.tagName.toLowerCase()
        if (tag !== 'input' && tag !== 'select' && tag !== 'textarea' && tag !== 'progress') {
          if (n.scrollWidth > n.clientWidth + TOLERANCE && w.getComputedStyle(n).textOverflow !== 'ellipsis')
            problems.push(`${name(n)} has text wider than itself (${n.scrollWidth} > ${n.clientWidth})`)
        }
      }
      for (const n of Array.from(w.document.querySelectorAll(containers))) {
        const box = n.getBoundingClientRect()
        if ((box.width === 0 && box.height === 0) || ignored(n)) continue
        if (n.scrollWidth > n.clientWidth + TOLERANCE)
          problems.push(`${name(n)} overflows sideways (${n.scrollWidth} > ${n.clientWidth})`)
      }
      for (const n of Array.from(w.document.querySelectorAll(scrollers))) {
        const box = n.getBoundingClientRect()
        if ((box.width === 0 && box.height === 0) || ignored(n)) continue
        if (
          box.left < -TOLERANCE ||
          box.right > w.innerWidth + TOLERANCE ||
          box.top < -TOLERANCE ||
          box.bottom > w.innerHeight + TOLERANCE
        )
          problems.push(
            `${name(n)} runs past the window (${box.left},${box.top}..${box.right},${box.bottom})`,
          )
      }
      return problems
    },
    { controls: CONTROLS, containers: CONTAINERS, scrollers: SCROLLERS },
  )
}

/**
 * Fails, listing every problem, when anything on screen does not fit. The toolbar and the
 * breadcrumb re-fit a frame after what they measure changes (a count that grows when a
 * listing refreshes), so a problem must last a few seconds to count (a loaded machine may
 * take a second to run one check).
 */
export async function expectToFit(page: Page, where: string): Promise<void> {
  await expect
    .poll(() => layoutProblems(page), { message: `controls that do not fit: ${where}`, timeout: 3_000 })
    .toEqual([])
}

/** An element shows all its text: nothing cut off or ellipsized. */
export async function expectWhole(element: Locator, what: string): Promise<void> {
  const { scrollWidth, clientWidth, text } = await element.evaluate((n: unknown) => {
    const e = n as { scrollWidth: number; clientWidth: number; textContent: string | null }
    return { scrollWidth: e.scrollWidth, clientWidth: e.clientWidth, text: e.textContent }
  })
  // Both are whole pixels rounded from a fractional text width, and may round apart by one (a
  // label of 145.5 px: scrollWidth 146, clientWidth 145); a cut with its ellipsis is wider.
  expect(scrollWidth, `${what} ("${text}") is cut off`).toBeLessThanOrEqual(clientWidth + 1)
}
