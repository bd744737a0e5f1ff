// Bytes per second over the last few seconds: what a person expects a speed readout to mean
// (a whole-transfer average hides a stall, a one-sample rate jumps with every part).
export class SpeedMeter {
  #samples: { at: number; bytes: number }[] = []

  constructor(
    private readonly windowMs = 3000,
    private readonly now: () => number = Date.now,
  ) {}

  sample(bytes: number): void {
    const at = this.now()
    this.#samples.push({ at, bytes })
    while (this.#samples.length > 2 && this.#samples[0]!.at < at - this.windowMs) this.#samples.shift()
  }

  reset(): void {
    this.#samples = []
  }

  get bytesPerSecond(): number {
    const first = this.#samples[0]
    const last = this.#samples.at(-1)
    if (!first || !last || last.at - first.at < 200) return 0
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.at - first.at))
  }
}
