// Runs before `npm test` and `npm run bench` (pre-scripts), under whatever Node is on PATH, so it is plain
// JavaScript: installs the npm packages when they are missing and the system packages when they are missing and
// this is root; otherwise it says what to run. The benches themselves report a missing tool as a clear failure.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const run = (file, args) => spawnSync(file, args, { cwd: root, stdio: 'inherit' }).status ?? 1

if (!existsSync(`${root}/node_modules/.bin/vitest`)) {
  console.error('flakebench: installing npm packages (npm ci)')
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) process.exit(1)
}

const has = (file, args) => spawnSync(file, args, { stdio: 'ignore' }).status === 0
const missing = [['nix', ['--version']], ['git', ['--version']], ['/usr/bin/time', ['--version']], ['/bin/busybox', ['true']], ['ssh', ['-V']], ['age', ['--version']], ['/usr/sbin/sshd', ['-V']], ['ip', ['-V']], ['hyperfine', ['--version']]]
  .filter(([file, args]) => !has(file, args))
  .map(([file]) => file)
if (missing.length > 0) {
  if (process.getuid?.() === 0 && has('apt-get', ['--version'])) {
    if (run('bash', ['scripts/install-system-deps.sh']) !== 0) process.exit(1)
  } else {
    console.error(`flakebench: missing ${missing.join(', ')}: run \`sudo bash scripts/install-system-deps.sh\` (Debian/Ubuntu)`)
  }
} else if (process.env.FLAKEBENCH_NIX === undefined) {
  // The Nix-versions matrix's second column; exit 2 (trixie unreachable, not root) is a warning it has printed.
  const status = run('bash', ['scripts/install-second-nix.sh'])
  if (status !== 0 && status !== 2) process.exit(1)
}
