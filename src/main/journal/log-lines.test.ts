// Reading an append-only file while it is being written: the reader must never throw on, nor
// return, a line whose write has not finished.
import { spawn } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DurableAppend } from './durable-append'
import { readWholeLines, wholeLines } from './log-lines'

const dirs: string[] = []
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), 'ferry-lines-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** Records as the daemon writes them, one non-ASCII (a character torn mid-way must not be read). */
const records = [
  { job: 'a', source: '/data/a.bin' },
  { job: 'b', source: '/data/café ☕.bin' },
  { job: 'c', source: `/data/${'long/'.repeat(200)}c.bin` },
  { job: 'd', source: '/data/d.bin' },
]

describe('wholeLines', () => {
  it('keeps only the lines that end in a newline, in text and in bytes alike', () => {
    expect(wholeLines('')).toEqual({ lines: [], bytes: 0 })
    expect(wholeLines('{"a":')).toEqual({ lines: [], bytes: 0 })
    expect(wholeLines('x\n\nyé\n{"a":')).toEqual({ lines: ['x', '', 'yé'], bytes: 7 })
    expect(wholeLines(Buffer.from('x\n\nyé\n{"a":'))).toEqual({ lines: ['x', '', 'yé'], bytes: 7 })
  })
})

describe('readWholeLines', () => {
  it('returns exactly the records whose write finished, cut at every byte of the file', async () => {
    const path = join(folder(), 'log.jsonl')
    const log = await DurableAppend.openLog(path)
    for (const r of records) await log.append(`${JSON.stringify(r)}\n`, 'datasync')
    await log.close()
    const bytes = readFileSync(path)
    const ends = [...bytes.entries()].filter(([, b]) => b === 0x0a).map(([i]) => i + 1)
    // The same bytes again, one write per byte: a read after each sees every cut a reader can.
    const copy = join(folder(), 'copy.jsonl')
    const fd = openSync(copy, 'a')
    const wrong: string[] = []
    try {
      for (let at = 0; at <= bytes.length; at++) {
        if (at > 0) writeSync(fd, bytes, at - 1, 1)
        const read = readWholeLines(copy)!
        const whole = ends.filter((end) => end <= at).length
        const got = JSON.stringify(read.lines.map((l) => JSON.parse(l) as unknown))
        if (got !== JSON.stringify(records.slice(0, whole)) || read.bytes !== (ends[whole - 1] ?? 0))
          wrong.push(`cut at byte ${at}: ${got}`)
      }
    } finally {
      closeSync(fd)
    }
    expect(wrong).toEqual([])
  })

  it('resumes after what it read, and starts over in a file replaced under the same name', () => {
    const path = join(folder(), 'log.jsonl')
    writeFileSync(path, 'one\ntw')
    const first = readWholeLines(path)!
    expect(first).toMatchObject({ lines: ['one'], bytes: 4, from: 0 })
    writeFileSync(path, 'one\ntwo\nthr')
    const next = readWholeLines(path, { offset: first.from + first.bytes, ino: first.ino })!
    expect(next).toMatchObject({ lines: ['two'], bytes: 4, from: 4 })
    writeFileSync(path, 'x\n')
    expect(readWholeLines(path, { offset: 8, ino: first.ino })).toMatchObject({ lines: ['x'], from: 0 })
    expect(readWholeLines(join(folder(), 'none'))).toBeUndefined()
  })

  it('never throws nor returns half a record while another process appends', async () => {
    const path = join(folder(), 'log.jsonl')
    const count = 150
    // Each record goes in two writes, as a reader can see a single write half copied: the
    // reader catches records cut in the middle again and again.
    const writer = `
      const fs = require('node:fs')
      const fd = fs.openSync(${JSON.stringify(path)}, 'a')
      for (let n = 0; n < ${count}; n++) {
        const line = Buffer.from(JSON.stringify({ n, pad: 'é'.repeat(2000) }) + '\\n')
        const half = 1 + (n * 997) % (line.length - 1)
        fs.writeSync(fd, line, 0, half)
        for (const end = Date.now() + 1; Date.now() < end;);
        fs.writeSync(fd, line, half, line.length - half)
      }
    `
    const child = spawn(process.execPath, ['-e', writer], { stdio: 'ignore' })
    let running = true
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => {
        running = false
        resolve(code)
      }),
    )
    let reads = 0
    let seen = 0
    while (running || reads === 0) {
      const read = readWholeLines(path)
      if (read) {
        reads++
        const got = read.lines.map((l) => JSON.parse(l) as { n: number; pad: string })
        expect(got.map((r) => r.n)).toEqual([...Array(got.length).keys()])
        for (const r of got) expect(r.pad).toHaveLength(2000)
        expect(got.length).toBeGreaterThanOrEqual(seen)
        seen = got.length
      }
      await new Promise((r) => setImmediate(r))
    }
    expect(await exited).toBe(0)
    expect(readWholeLines(path)!.lines).toHaveLength(count)
  })
})
