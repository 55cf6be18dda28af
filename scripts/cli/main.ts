import { dispatch } from './dispatch.ts'

// Started by scripts/flakebench.mjs; the subcommand's exit code becomes the process's, whatever it left running.
process.exit(await dispatch(process.argv.slice(2)))
