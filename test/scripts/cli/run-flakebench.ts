import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'

const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url))

/** `flakebench <args>` through its launcher, as the bin runs it, in `cwd`; never throws on a non-zero exit. */
export function runFlakebench(args: string[], cwd: string, options: { env?: Record<string, string>; timeoutMs?: number } = {}) {
  return execa('node', [join(PROJECT_ROOT, 'scripts/flakebench.mjs'), ...args], {
    cwd,
    env: { NO_COLOR: '1', FLAKEBENCH_CONFIG: undefined, FLAKEBENCH_PROFILE: undefined, ...options.env },
    extendEnv: true,
    reject: false,
    stdin: 'ignore',
    timeout: options.timeoutMs ?? 60_000,
  })
}
