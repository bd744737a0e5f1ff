// The whole-source digest of bytes that arrive in parts, possibly out of order: each part
// waits (holding its buffer, so memory stays at concurrency x part size) until the parts
// before it are hashed. A part that fails, or one skipped on resume, ends the digest: it is
// reported as unavailable rather than computed over the wrong bytes.
import { createHash, type Hash } from 'node:crypto'
import type { DigestAlgorithm } from '../../../shared/source-digest'

export type WholeDigest =
  | { available: true; bytes: number; hex: Partial<Record<DigestAlgorithm, string>> }
  | { available: false; reason: string }

export class OrderedDigest {
  #offset = 0
  readonly #hashes: [DigestAlgorithm, Hash][]
  readonly #waiters = new Map<number, () => void>()
  #broken: string | undefined

  constructor(algorithms: readonly DigestAlgorithm[]) {
    this.#hashes = algorithms.map((a) => [a, createHash(a === 'md5' ? 'md5' : 'sha256')])
    if (algorithms.length === 0) this.#broken = 'no digest was asked for'
  }

  get offset(): number {
    return this.#offset
  }

  /** Hashes bytes[start...] once everything before `start` is hashed. */
  async add(start: number, bytes: Uint8Array): Promise<void> {
    while (this.#broken === undefined && this.#offset < start)
      await new Promise<void>((resolve) => this.#waiters.set(start, resolve))
    if (this.#broken !== undefined) return
    if (this.#offset !== start) {
      this.fail(`bytes from ${start} arrived after ${this.#offset} were hashed`)
      return
    }
    for (const [, hash] of this.#hashes) hash.update(bytes)
    this.#offset += bytes.length
    const next = this.#waiters.get(this.#offset)
    if (next) {
      this.#waiters.delete(this.#offset)
      next()
    }
  }

  /** Ends the digest; parts waiting for it carry on without hashing. */
  fail(reason: string): void {
    this.#broken ??= reason
    for (const wake of this.#waiters.values()) wake()
    this.#waiters.clear()
  }

  result(size: number): WholeDigest {
    if (this.#broken !== undefined) return { available: false, reason: this.#broken }
    if (this.#offset !== size)
      return { available: false, reason: `${this.#offset} of ${size} bytes were hashed` }
    const hex: Partial<Record<DigestAlgorithm, string>> = {}
    for (const [algorithm, hash] of this.#hashes) hex[algorithm] = hash.digest('hex')
    this.#broken = 'the digest was already taken'
    return { available: true, bytes: size, hex }
  }
}
