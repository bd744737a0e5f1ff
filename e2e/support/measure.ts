// Shared by the on-demand measuring specs (measure-*.spec.ts): long tasks and frame times in
// the page, summarized as count, median, p95 and max, and the budgets they must keep.
import { writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { expect, test, type Page } from '@playwright/test'

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

/**
 * The window's budgets: no long task (main-thread work over 50 ms) and 95% of frames within
 * 33 ms. Frames come at vsync, so a frame that misses one vsync at 60 Hz measures 33.3 ms:
 * the frame budget is two vsync intervals, with timer rounding.
 */
export const LONG_TASK_BUDGET_MS = 50
export const FRAME_P95_BUDGET_MS = 2 * (1000 / 60) + 0.1

/** Fails unless the phase kept both budgets; the message carries the figures. */
export function expectWithinBudget(phase: string, frames: number[], longTasks: number[]): void {
  const f = summarize(frames)
  const t = summarize(longTasks)
  const figures = `frames ${JSON.stringify(f)}, long tasks ${JSON.stringify(t)}`
  expect(t.max, `${phase}: longest task (${figures})`).toBeLessThanOrEqual(LONG_TASK_BUDGET_MS)
  expect(f.p95, `${phase}: frames p95 (${figures})`).toBeLessThanOrEqual(FRAME_P95_BUDGET_MS)
}

/** The spec's own name ("measure-browser"), so two specs' phases of the same name keep apart. */
const specName = () => basename(test.info().file).replace(/\.spec\.ts$/, '')

/**
 * With FERRY_MEASURE_PROFILE=FILE.cpuprofile, records the renderer's CPU profile of one phase
 * (FILE-SPEC-PHASE.cpuprofile). A CPU profile shows the page's native work (style, layout,
 * paint) only as "(program)"; FERRY_MEASURE_TRACE=FILE.json records a Chromium trace of the
 * phase instead (FILE-SPEC-PHASE.json, for DevTools' Performance panel), which names it.
 */
export async function profilePhase<T>(page: Page, phase: string, run: () => Promise<T>): Promise<T> {
  const trace = process.env['FERRY_MEASURE_TRACE']
  if (trace) {
    const browser = page.context().browser()!
    const path = trace.replace(/(\.json)?$/, `-${specName()}-${phase}.json`)
    await browser.startTracing(page, { path, categories: TRACE_CATEGORIES })
    const result = await run()
    await browser.stopTracing()
    return result
  }
  const base = process.env['FERRY_MEASURE_PROFILE']
  if (!base) return run()
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.start')
  const result = await run()
  const { profile } = await cdp.send('Profiler.stop')
  await writeFile(
    base.replace(/(\.cpuprofile)?$/, `-${specName()}-${phase}.cpuprofile`),
    JSON.stringify(profile),
  )
  await cdp.detach()
  return result
}

// What DevTools' Performance panel records: tasks, style, layout, paint, and the frames.
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing',
  'v8.execute',
]
