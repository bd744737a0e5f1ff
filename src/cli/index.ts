// Entry of the `ferry` command (bin/ferry.js loads the built copy).
import { prestartFor } from './engine-launch'
import { main } from './main'

// The SDK warns on every run under Node 20 about its future Node 22 requirement; a CLI
// whose output scripts parse must not print that on each call. An explicit setting wins.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'

// `ferry ls | head`: the reader left, so there is nobody to tell; stop quietly as cat does,
// instead of crashing on the write's EPIPE with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw e
})

// The engine's start-up overlaps the command's own loading and planning (engine-launch.ts).
prestartFor(process.argv.slice(2), process.env)
process.exitCode = await main(process.argv.slice(2))
