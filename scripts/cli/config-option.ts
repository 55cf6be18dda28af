import { resolve } from 'node:path'
import { PROFILE_NAMES } from '../../helpers/model/profile-names.ts'
import { UsageError } from './usage-error.ts'

/** `--config <file>`: the config is read through FLAKEBENCH_CONFIG, by this process and by Vitest's config. */
export function useConfigFile(file: string | undefined): void {
  if (file !== undefined) process.env.FLAKEBENCH_CONFIG = resolve(file)
}

/** `--profile <name>`: Vitest's config (vitest.config.ts) reads the profile from the environment, in this process. */
export function useProfile(profile: string | undefined): void {
  if (profile === undefined) return
  if (!(PROFILE_NAMES as readonly string[]).includes(profile)) {
    throw new UsageError(`--profile is "${profile}"; the profiles are ${PROFILE_NAMES.join(', ')}`, { hint: 'quick is the shortest run, full measures everything (flakebench docs: configuration.md, "Run profiles")' })
  }
  process.env.FLAKEBENCH_PROFILE = profile
}
