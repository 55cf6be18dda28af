import { resolve } from 'node:path'

/** `--config <file>`: the config is read through FLAKEBENCH_CONFIG, by this process and by Vitest's config. */
export function useConfigFile(file: string | undefined): void {
  if (file !== undefined) process.env.FLAKEBENCH_CONFIG = resolve(file)
}
