import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { PROJECT_ROOT } from './integration/bench-run.ts'

/** Where flakebench's own code lives; tests may use a shell on purpose (e.g. as a stand-in for your test command). */
const SOURCE_DIRS = ['helpers', 'bench', 'reports', 'scripts', 'fixtures']
const SOURCE_FILE = /\.(?:[cm]?[jt]s)$/

/** Ways to run a command through a shell, each with what to do instead. */
const SHELL_USES: ReadonlyArray<{ what: string; pattern: RegExp }> = [
  { what: 'a `shell` option (execa, spawn, execFile)', pattern: /\bshell\s*:/ },
  { what: 'execaCommand, which splits a command string', pattern: /\bexecaCommand(?:Sync)?\b/ },
  { what: 'child_process exec/execSync, which run /bin/sh -c', pattern: /(?<![\w.$])exec(?:Sync)?\s*\(/ },
  { what: 'execa\'s template-string interface ($`…`, execa`…`)', pattern: /(?:^|[\s(=,;!&|:])\$\s*`|\bexeca(?:Sync)?\s*`/ },
  { what: 'a shell given a command string (sh -c)', pattern: /['"](?:\/(?:usr\/)?bin\/)?(?:ba|da|z)?sh['"]\s*,\s*(?:args:\s*)?\[\s*['"]-c['"]/ },
  // ssh hands its remote command to the login shell there: build it with remoteCommand(), which quotes each word.
  { what: 'an ssh remote command built by interpolation instead of remoteCommand()', pattern: /(?<!function )\bsshArgs\([^,()]+,\s*(?!\s|remoteCommand\(|'[^'$]*'\))/ },
]

async function sourceFiles(): Promise<string[]> {
  const found = await Promise.all(SOURCE_DIRS.map(async (dir) => (await readdir(join(PROJECT_ROOT, dir), { recursive: true }))
    .filter((path) => SOURCE_FILE.test(path))
    .map((path) => join(dir, path))))
  return [...found.flat(), 'vitest.config.ts']
}

describe('no shell anywhere: every command is an argument array', () => {
  test('the patterns catch each way of using a shell, and leave argument arrays alone', () => {
    const offending = [
      "execa('git', ['status'], { shell: true })",
      "spawn('ls', [], {shell:'/bin/bash'})",
      'await execaCommand(`nix build ${ref}`)',
      "exec('rm -rf ' + dir)",
      'execSync(`tofu ${args}`)',
      'await $`nix flake show ${flake}`',
      'await execa`nix --version`',
      "{ file: 'sh', args: ['-c', script] }",
      "runCommand({ file: '/bin/bash', args: ['-c', text] })",
      "spawnSync('sh', ['-c', command])",
      'sshArgs(host, `nix-store --check-validity ${path}`)',
      "sshArgs(host, 'sh ' + script)",
    ]
    const allowed = [
      "execa(file, args, { cwd, env })",
      "spawn(process.execPath, [PROXY, '0'], { stdio: ['ignore', 'pipe', 'pipe'] })",
      "/(\\d+)/.exec(line)?.[1]",
      "{ file: 'sh', args: [script, root] }",
      'const price = `${amount}$`',
      "sshArgs(host, 'true')",
      'export function sshArgs(host: TestHost, remoteCommand: string): string[] {',
      "sshArgs(remote, remoteCommand([['sh', `${remote.storeRoot}${script}`, root]]))",
    ]
    for (const line of offending) expect(SHELL_USES.some(({ pattern }) => pattern.test(line)), line).toBe(true)
    for (const line of allowed) expect(SHELL_USES.some(({ pattern }) => pattern.test(line)), line).toBe(false)
  })

  test('no source file of flakebench uses one', async () => {
    const files = await sourceFiles()
    expect(files.length, 'source files scanned').toBeGreaterThan(50)
    const found: string[] = []
    for (const file of files) {
      const lines = (await readFile(join(PROJECT_ROOT, file), 'utf8')).split('\n')
      for (const [index, line] of lines.entries()) {
        // Comments may name what they avoid.
        if (/^\s*(?:\/\/|\*|\/\*)/.test(line)) continue
        for (const { what, pattern } of SHELL_USES) if (pattern.test(line)) found.push(`${file}:${index + 1}: ${what}: ${line.trim()}`)
      }
    }
    expect(found).toEqual([])
  })
})
