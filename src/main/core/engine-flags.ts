// V8 flags for the engine process. Its memory is concurrency x part size of buffers outside
// the heap plus a small heap; V8's defaults size the heap for throughput (a young generation
// of up to 2 x 16 MiB, old space grown ahead of need), which put the engine's peak RSS about
// 10 MiB over the 64 MiB + concurrency x part size bound. Measured with scripts/bench (1 GiB to
// the stub, 8 x 8 MiB): peak RSS 138 -> 128 MiB, CPU per GiB unchanged within noise, because
// the engine makes little garbage once parts go out as direct requests (core/s3/direct-request).
export const ENGINE_V8_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--optimize-for-size']
