import type { TimedLine } from '../process/run-command.ts'

/**
 * Nix's `--log-format internal-json` activity and result types (libutil/logging.hh; Lix keeps the same numbers).
 * Only the ones the breakdown reads are named.
 */
export const ACTIVITY = { copyPath: 100, build: 105, substitute: 108 } as const
export const RESULT = { buildLogLine: 101, progress: 105 } as const

export interface BuildBreakdown {
  /** Derivations Nix built (one `build` activity each). */
  derivationsBuilt: number
  /** Store paths fetched from a substituter (one `substitute` activity each). */
  pathsSubstituted: number
  /** Bytes copied into the store from substituters (the last progress report of each copy). */
  bytesTransferred: number
  /** Wall time during which at least one build ran. */
  buildingMs: number
  /** Wall time during which at least one substitution ran. */
  substitutingMs: number
  /** The derivations that were built, for messages. */
  builtDerivations: string[]
  /** Nix's own error messages (level 0), e.g. a failed builder with the last lines of its log. */
  errors: string[]
}

interface Activity {
  type: number
  startMs: number
  stopMs: number | null
  fields: unknown[]
  progressDone: number
}

/** Reads one run's timestamped stderr; lines that are not `@nix {…}` JSON are ignored. */
export function parseBuildLog(lines: readonly TimedLine[]): BuildBreakdown {
  const activities = new Map<number, Activity>()
  const errors: string[] = []
  let lastMs = 0
  for (const { atMs, text } of lines) {
    lastMs = atMs
    const event = parseEvent(text)
    if (!event) continue
    if (event.action === 'start') {
      activities.set(event.id, { type: event.type ?? 0, startMs: atMs, stopMs: null, fields: event.fields ?? [], progressDone: 0 })
    } else if (event.action === 'stop') {
      const activity = activities.get(event.id)
      if (activity) activity.stopMs = atMs
    } else if (event.action === 'result' && event.type === RESULT.progress) {
      const activity = activities.get(event.id)
      const done = event.fields?.[0]
      if (activity && typeof done === 'number') activity.progressDone = done
    } else if (event.action === 'msg' && event.level === 0 && typeof event.msg === 'string') {
      errors.push(event.msg)
    }
  }
  const ofType = (type: number) => [...activities.values()].filter((activity) => activity.type === type)
  const builds = ofType(ACTIVITY.build)
  const span = (list: Activity[]) => unionMs(list.map((activity) => [activity.startMs, activity.stopMs ?? lastMs]))
  return {
    derivationsBuilt: builds.length,
    pathsSubstituted: ofType(ACTIVITY.substitute).length,
    bytesTransferred: ofType(ACTIVITY.copyPath).reduce((sum, activity) => sum + activity.progressDone, 0),
    buildingMs: span(builds),
    substitutingMs: span(ofType(ACTIVITY.substitute)),
    builtDerivations: builds.map((activity) => String(activity.fields[0] ?? '')),
    errors,
  }
}

interface LogEvent {
  action: string
  id: number
  type?: number
  level?: number
  msg?: string
  fields?: unknown[]
}

function parseEvent(text: string): LogEvent | null {
  if (!text.startsWith('@nix ')) return null
  try {
    return JSON.parse(text.slice(5)) as LogEvent
  } catch {
    return null
  }
}

/** Total length of the union of intervals: parallel activities count once. */
export function unionMs(intervals: ReadonlyArray<readonly [number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0])
  let total = 0
  let [currentStart, currentEnd] = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]
  for (const [start, end] of sorted) {
    if (start > currentEnd) {
      if (currentEnd > currentStart) total += currentEnd - currentStart
      ;[currentStart, currentEnd] = [start, end]
    } else {
      currentEnd = Math.max(currentEnd, end)
    }
  }
  if (currentEnd > currentStart) total += currentEnd - currentStart
  return total
}
