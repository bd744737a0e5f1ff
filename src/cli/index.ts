// Entry of the `ferry` command (bin/ferry.js loads the built copy).
import { traceRequestsTo } from '../main/s3/request-trace'
import { withoutDebugFlag } from './debug-flag'
import { main } from './main'
import { tuneForShortLife } from './short-lived'

// The SDK warns on every run under Node 20 about its future Node 22 requirement; a CLI
// whose output scripts parse must not print that on each call. An explicit setting wins.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'

// `ferry ls | head`: the reader left, so there is nobody to tell; stop quietly as cat does,
// instead of crashing on the write's EPIPE with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw e
})

// --debug, anywhere on the line, prints the requests made to S3 (secrets redacted) on stderr,
// the engine's included: it runs in this process, and a daemon's engine inherits FERRY_DEBUG.
const { argv, debug } = withoutDebugFlag(process.argv.slice(2))
if (debug) process.env['FERRY_DEBUG'] = '1'
if (process.env['FERRY_DEBUG'] === '1') traceRequestsTo((line) => process.stderr.write(line))

tuneForShortLife(argv)
process.exitCode = await main(argv)
