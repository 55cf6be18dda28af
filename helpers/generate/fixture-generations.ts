import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FixtureShape } from '../config/schema.ts'
import { copyStaticFixture, INSTANCE_FILE, writeFleetSources } from './fixture-flake.ts'
import { initGitRepository } from './git-repository.ts'
import { createTempDir, removeTempDir } from '../process/temp-dir.ts'

/** The branch of the head generation. */
const HEAD_BRANCH = 'flakebench-head'

/** The embedded fixture in two generations, two revisions of one git repository: a base and a head. */
export interface FixtureGenerations {
  dir: string
  baseRef: string
  headRef: string
  baseModules: number
  headModules: number
}

/**
 * The fixture as generated for `shape` (the base), and the same generator with `extraModules` more modules,
 * committed on a branch of its own (the head): a fleet that grew, as a pull request would grow it.
 */
export async function createFixtureGenerations(shape: FixtureShape, extraModules: number): Promise<FixtureGenerations> {
  const { path: dir } = await createTempDir('flakebench-generations-')
  try {
    const headModules = shape.modules + extraModules
    // Module names padded for the head's count on both sides: the base's files keep their names in the head.
    const width = String(headModules).length
    await copyStaticFixture(dir)
    await writeFleetSources(dir, shape, { width })
    // Its own source store paths, as for every fixture (see INSTANCE_FILE in fixture-flake.ts).
    await writeFile(join(dir, INSTANCE_FILE), `${randomBytes(8).toString('hex')}\n`)
    const repository = await initGitRepository(dir)
    const base = await repository.commitAll('flakebench fixture: base')
    const head = await repository.commitOnBranch(HEAD_BRANCH, async () => {
      await writeFleetSources(dir, { ...shape, modules: headModules }, { width })
    }, `flakebench fixture: head with ${extraModules} more modules`)
    return {
      dir,
      baseRef: `git+file://${dir}?rev=${base}`,
      headRef: `git+file://${dir}?ref=${HEAD_BRANCH}&rev=${head}`,
      baseModules: shape.modules,
      headModules,
    }
  } catch (error) {
    await removeTempDir(dir)
    throw error
  }
}

export async function removeFixtureGenerations(generations: FixtureGenerations): Promise<void> {
  await removeTempDir(generations.dir)
}
