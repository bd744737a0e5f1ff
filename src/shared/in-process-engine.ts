// The engine run inside its caller's process (the CLI's one-shot commands): what the built
// in-process engine module (out/main/in-process-engine.js) exports. Shared, because its host
// (src/main/core) may not import src/main/engine, not even its types.
import type { EngineToMain, MainToEngine } from './engine-protocol'

export interface EngineHost {
  /** One message from main, 'shutdown' aside (stop() is its answer). */
  receive(message: Exclude<MainToEngine, { type: 'shutdown' }>): void
  /** Pauses every job (journals stay resumable), sends what is left; once, however often called. */
  stop(): Promise<void>
}

export interface InProcessEngineModule {
  /** Starts an engine whose messages to main go to `post`; it says 'ready' as a process would. */
  startEngine(post: (message: EngineToMain) => void): EngineHost
}
