import { fileURLToPath } from 'node:url'

/** flakebench's own directory: in a user's repository, node_modules/flakebench. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url))
