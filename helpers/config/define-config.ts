import type { FlakebenchConfigInput } from './schema.ts'

/**
 * Types a flakebench.config.ts: `export default defineConfig({ flake: '…', … })`. It returns the object as it is;
 * flakebench validates it like a JSON config. Only a type is imported, so Node runs the file with its types
 * stripped and loads nothing else.
 */
export function defineConfig(config: FlakebenchConfigInput): FlakebenchConfigInput {
  return config
}
