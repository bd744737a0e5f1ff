// Recomputes an ETag from bytes fed in file order: the MD5 of the whole object, or the
// multipart ETag for each candidate part size at once (one read of the bytes for all).
import { createHash, type Hash } from 'node:crypto'
import type { Verification } from '../../shared/domain/transfer'
import { formatBytes } from '../../shared/sizes'
import type { EtagShape } from './etag-shape'

/** MD5s of consecutive parts of `partSize` bytes, fed in order. */
export class PartDigests {
  readonly digests: Buffer[] = []
  private hash: Hash = createHash('md5')
  private filled = 0

  constructor(readonly partSize: number) {}

  update(chunk: Uint8Array): void {
    let offset = 0
    while (offset < chunk.length) {
      const take = Math.min(this.partSize - this.filled, chunk.length - offset)
      this.hash.update(chunk.subarray(offset, offset + take))
      this.filled += take
      offset += take
      if (this.filled === this.partSize) this.cut()
    }
  }

  /** The digests, the trailing partial part (the object's last) included. */
  close(): Buffer[] {
    if (this.filled > 0) this.cut()
    return this.digests
  }

  private cut(): void {
    this.digests.push(this.hash.digest())
    this.hash = createHash('md5')
    this.filled = 0
  }

  etag(): string {
    if (this.filled > 0 || this.digests.length === 0) this.cut()
    return `${createHash('md5').update(Buffer.concat(this.digests)).digest('hex')}-${this.digests.length}`
  }
}

export class EtagHasher {
  private readonly whole: Hash | undefined
  private readonly candidates: PartDigests[]
  private fed = 0

  /** `partSizes` are the candidates for a multipart ETag, most likely first. */
  constructor(
    private readonly shape: EtagShape,
    partSizes: number[] = [],
  ) {
    this.whole = shape.kind === 'md5' ? createHash('md5') : undefined
    this.candidates = shape.kind === 'multipart' ? partSizes.map((p) => new PartDigests(p)) : []
  }

  /**
   * A multipart verdict from part digests computed elsewhere, in object order (the ranges of a
   * download hash their own parts as they arrive: MD5 cannot be split, parts can).
   */
  static ofPartDigests(shape: EtagShape, partSize: number, digests: readonly Buffer[]): EtagHasher {
    const hasher = new EtagHasher(shape)
    const parts = new PartDigests(partSize)
    parts.digests.push(...digests)
    hasher.candidates.push(parts)
    return hasher
  }

  get bytesHashed(): number {
    return this.fed
  }

  update(chunk: Uint8Array): void {
    this.fed += chunk.length
    this.whole?.update(chunk)
    for (const c of this.candidates) c.update(chunk)
  }

  /**
   * The verdict. `definite` is true when a mismatch can only mean different bytes (a plain
   * MD5, or the part size the server itself reported), so the caller must not keep them.
   */
  result(exactPartSize: boolean): { verification: Verification; mismatch: boolean; definite: boolean } {
    const shape = this.shape
    if (shape.kind === 'opaque')
      return {
        verification: { verified: false, method: 'size', reason: shape.reason },
        mismatch: false,
        definite: false,
      }
    if (shape.kind === 'md5') {
      const md5 = this.whole!.digest('hex')
      if (md5 === shape.md5)
        return {
          verification: { verified: true, method: 'md5', detail: `MD5 ${md5} equals the ETag` },
          mismatch: false,
          definite: true,
        }
      if (shape.unsure)
        return {
          verification: { verified: false, method: 'size', reason: shape.unsure },
          mismatch: true,
          definite: false,
        }
      return {
        verification: {
          verified: false,
          method: 'none',
          reason: `the file's MD5 ${md5} differs from the ETag ${shape.md5}`,
        },
        mismatch: true,
        definite: true,
      }
    }
    const expected = `${shape.md5}-${shape.parts}`
    const computed = this.candidates.map((c) => ({ partSize: c.partSize, etag: c.etag() }))
    const match = computed.find((c) => c.etag === expected)
    if (match) {
      return {
        verification: {
          verified: true,
          method: 'multipart-etag',
          detail: `${shape.parts} parts of ${formatBytes(match.partSize)} give the ETag ${expected}${exactPartSize ? '' : ' (part size inferred)'}`,
        },
        mismatch: false,
        definite: true,
      }
    }
    if (shape.unsure)
      return {
        verification: { verified: false, method: 'size', reason: shape.unsure },
        mismatch: true,
        definite: false,
      }
    const tried = computed.map((c) => formatBytes(c.partSize)).join(', ')
    return {
      verification: {
        verified: false,
        method: 'none',
        reason: exactPartSize
          ? `with the server's part size ${tried}, the file gives the ETag ${computed[0]?.etag ?? '?'}, not ${expected}`
          : `no likely part size (${tried || 'none fits'}) reproduces the ETag ${expected}; the uploader used another part size`,
      },
      mismatch: true,
      definite: exactPartSize,
    }
  }
}
