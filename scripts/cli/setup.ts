import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { execa } from 'execa'
import { EXIT, EXIT_CODES_HELP, type Command } from './command.ts'
import { PACKAGE_ROOT } from './package-root.ts'

/**
 * What `setup` installs, in order: each step is a script in scripts/, run with bash, that installs only what is
 * missing and exits non-zero, saying why, when it cannot. Another Nix beside the system's is a step of its own.
 */
const SETUP_STEPS = [
  // install-system-deps.sh also installs the second Nix (2.26.3, scripts/install-second-nix.sh) where Debian trixie is reachable.
  { label: 'system packages (Nix, git, GNU time, busybox, ssh, sshd, iproute2, age, hyperfine) and Nix 2.26.3 beside the system Nix', script: 'install-system-deps.sh' },
]

export const setupCommand: Command = {
  summary: 'install the system packages the benches need (Debian/Ubuntu, as root)',
  help: `Usage: sudo npx flakebench setup

Installs what the benches run and is missing, with apt-get: ${SETUP_STEPS.map((step) => step.label).join('; ')}.
Needs root when something is missing; with everything installed it changes nothing and exits 0.

  -h, --help   this text

${EXIT_CODES_HELP}`,
  run: async (args) => {
    parseArgs({ args, options: {}, strict: true })
    for (const step of SETUP_STEPS) {
      const run = await execa('bash', [join(PACKAGE_ROOT, 'scripts', step.script)], { stdio: 'inherit', reject: false })
      if (run.exitCode !== 0) {
        console.error(`flakebench setup: installing the ${step.label} failed (exit ${run.exitCode ?? run.signal})\n→ fix what it says above; not root? run \`sudo npx flakebench setup\``)
        return EXIT.failed
      }
    }
    return EXIT.ok
  },
}
