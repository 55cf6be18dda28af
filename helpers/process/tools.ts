import { access, constants } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { execa } from 'execa'

/** The absolute path of an executable found on PATH, or null. */
export async function findExecutable(name: string, path = process.env.PATH ?? ''): Promise<string | null> {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name)
    try {
      await access(candidate, constants.X_OK)
      return candidate
    } catch {
      // not in this directory
    }
  }
  return null
}

let gnuTime: Promise<string | null> | undefined

/**
 * GNU time reports user/system CPU and peak RSS of a command and its children (wait4 rusage); BSD time on macOS
 * has another syntax, so only GNU time is used and the resource figures are null without it.
 */
export function gnuTimePath(): Promise<string | null> {
  gnuTime ??= detectGnuTime()
  return gnuTime
}

async function detectGnuTime(): Promise<string | null> {
  for (const candidate of ['/usr/bin/time', await findExecutable('gtime')]) {
    if (!candidate) continue
    const probe = await execa(candidate, ['--version'], { reject: false, stdin: 'ignore' }).catch(() => null)
    if (probe && `${probe.stdout}${probe.stderr}`.includes('GNU')) return candidate
  }
  return null
}
