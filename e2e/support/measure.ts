// Shared by the on-demand measuring specs (measure-*.spec.ts): long tasks and frame times in
// the page, summarized as count, median, p95 and max.
import type { Page } from '@playwright/test'

/** The few browser names the page-side callbacks use (e2e compiles without the DOM library; see page-globals). */
export interface PageElement {
  scrollTop: number
  readonly scrollHeight: number
  readonly textContent: string | null
  click(): void
  querySelectorAll(selector: string): ArrayLike<PageElement>
}
export interface MeasureWindow {
  document: {
    querySelector(selector: string): PageElement | null
    querySelectorAll(selector: string): ArrayLike<PageElement>
  }
  requestAnimationFrame(callback: (time: number) => void): number
  PerformanceObserver: new (callback: (list: { getEntries(): { duration: number }[] }) => void) => {
    observe(options: { type: string }): void
  }
  __longTasks: number[]
}

/** Long tasks (over 50 ms of main-thread work) from now on, read with takeLongTasks. */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = globalThis as unknown as MeasureWindow
    w.__longTasks = []
    new w.PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration)
    }).observe({ type: 'longtask' })
  })
}

export const takeLongTasks = (page: Page): Promise<number[]> =>
  page.evaluate(() => {
    const w = globalThis as unknown as MeasureWindow
    const taken = w.__longTasks
    w.__longTasks = []
    return taken
  })

export function summarize(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  const round = (n: number) => Math.round(n * 10) / 10
  return { count: values.length, median: round(at(0.5)), p95: round(at(0.95)), max: round(at(1)) }
}
