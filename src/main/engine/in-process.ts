// The engine inside the CLI's own process, for its one-shot commands (upload, get, resume,
// stream, sync, move): a second Node process would cost a second start of Node and the AWS SDK
// (about 0.4 s of CPU), a structured clone and a pipe write per message each way, and a
// second heap. Built as its own entry (electron.vite.config.ts) and loaded by the path of the
// built file (src/main/core/node-adapters/in-process-engine.ts), so that src/cli and
// src/main/core still never import src/main/engine: the layer rules hold without exception,
// and the built chunks the CLI and the engine share are loaded once.
// The app's utility process and the daemon keep their separate engine process (entry.ts).
import type { InProcessEngineModule } from '../../shared/in-process-engine'
import { startEngine as start } from './engine-host'

export const startEngine: InProcessEngineModule['startEngine'] = start
