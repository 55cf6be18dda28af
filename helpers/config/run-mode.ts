import type { RunMode } from '../model/results-schema.ts'
import type { FlakebenchConfig } from './schema.ts'

/** What this configuration lets a run change (the config schema refuses switch and apply without `allow`). */
export function runMode(config: FlakebenchConfig): RunMode {
  return {
    profile: config.profile,
    deploy: !config.flake ? 'test-hosts' : config.deploy.targets.length > 0 ? config.deploy.mode : 'none',
    terraform: config.terraform.directory ? config.terraform.mode : 'embedded',
    storePathsDeleted: !config.flake ? 'fixture source' : config.allow.deleteStorePaths ? 'flake source' : 'none',
  }
}
