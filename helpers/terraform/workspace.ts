import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { CommandSpec } from '../process/run-command.ts'
import type { TerraformBinary } from './binary.ts'
import { createTempDir, removeTempDir } from '../process/temp-dir.ts'

const STATE_FILE = 'terraform.tfstate'

/**
 * A terraform working directory of flakebench's own: the configuration, a local-backend state, and an isolated
 * data directory, plugin cache and CLI config, so that nothing of the user's ~/.terraform.d is read or written.
 * Saved states let every iteration start from a known state, prepared untimed.
 */
export class TerraformWorkspace {
  private constructor(
    readonly dir: string,
    private readonly binary: TerraformBinary,
    private readonly timeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {}

  static async create(binary: TerraformBinary, configText: string, timeoutMs: number, signal?: AbortSignal): Promise<TerraformWorkspace> {
    const { path: dir } = await createTempDir('flakebench-terraform-')
    try {
      await writeFile(join(dir, 'main.tf'), configText)
      await mkdir(join(dir, 'saved-states'))
      await mkdir(join(dir, 'plugin-cache'))
      await writeFile(join(dir, 'cli.tfrc'), '')
    } catch (error) {
      await removeTempDir(dir)
      throw error
    }
    return new TerraformWorkspace(dir, binary, timeoutMs, signal)
  }

  command(args: readonly string[]): CommandSpec {
    return {
      file: this.binary.path,
      args,
      cwd: this.dir,
      env: {
        TF_DATA_DIR: join(this.dir, 'data'),
        TF_PLUGIN_CACHE_DIR: join(this.dir, 'plugin-cache'),
        TF_CLI_CONFIG_FILE: join(this.dir, 'cli.tfrc'),
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        // No call to the vendor's version-check service.
        CHECKPOINT_DISABLE: '1',
      },
      timeoutMs: this.timeoutMs,
      signal: this.signal,
    }
  }

  /** Removes the data directory and lock file: the next init starts from nothing. */
  async uninitialise(): Promise<void> {
    await rm(join(this.dir, 'data'), { recursive: true, force: true })
    await rm(join(this.dir, '.terraform.lock.hcl'), { force: true })
  }

  async saveState(name: string): Promise<void> {
    await copyFile(join(this.dir, STATE_FILE), join(this.dir, 'saved-states', name))
  }

  /** Puts a saved state in place, or no state at all for `null`. */
  async restoreState(name: string | null): Promise<void> {
    await rm(join(this.dir, `${STATE_FILE}.backup`), { force: true })
    if (name === null) await rm(join(this.dir, STATE_FILE), { force: true })
    else await copyFile(join(this.dir, 'saved-states', name), join(this.dir, STATE_FILE))
  }

  dispose(): Promise<void> {
    return removeTempDir(this.dir)
  }
}
