// Entry of the `ferry` command (bin/ferry.js loads the built copy).
import { main } from './main'

process.exitCode = await main(process.argv.slice(2))
