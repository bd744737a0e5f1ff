/**
 * Runs work on each item with at most `concurrency` running at once. The first failure
 * stops new work from starting; the work already running is awaited (no request is left
 * dangling) and then the first error is thrown.
 */
export async function runPool<T>(
  items: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const iterator =
    Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : toAsync(items[Symbol.iterator]())
  let failure: { error: unknown } | undefined
  // Pulls are serialized: two workers never call next() on the iterator at once.
  let pulling: Promise<unknown> = Promise.resolve()
  const next = (): Promise<IteratorResult<T>> => {
    const result = pulling.then(() => iterator.next())
    pulling = result.catch(() => undefined)
    return result
  }
  const worker = async () => {
    while (!failure) {
      let item: IteratorResult<T>
      try {
        item = await next()
      } catch (e) {
        failure ??= { error: e }
        return
      }
      if (item.done || failure) return
      try {
        await work(item.value)
      } catch (e) {
        failure ??= { error: e }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker))
  if (failure) {
    // Closes a generator that was not drained (a listing stops paging).
    await iterator.return?.().catch(() => undefined)
    throw failure.error
  }
}

function toAsync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return { next: async () => iterator.next() }
}
