import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url))

const TSX = join(PROJECT_ROOT, 'node_modules/.bin/tsx')

/**
 * Runs an npm script the way `npm run <name>` does, but in the given directory (npm would run it in the project,
 * where the config and the output paths would be the project's own): the script file comes from package.json.
 */
export function runNpmScript(name: string, args: string[], cwd: string) {
  const scripts = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
  const [runner, file, ...rest] = (scripts[name] ?? '').split(' ')
  if (runner !== 'tsx' || !file || rest.length > 0) throw new Error(`package.json script "${name}" is "${scripts[name]}", not "tsx <file>"`)
  return execa(TSX, [join(PROJECT_ROOT, file), ...args], { cwd, env: { NO_COLOR: '1', FLAKEBENCH_CONFIG: undefined }, extendEnv: true, reject: false, stdin: 'ignore', timeout: 60_000 })
}
