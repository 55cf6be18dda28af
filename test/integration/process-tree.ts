import { readdir, readFile } from 'node:fs/promises'

/** A process by PID and start time (jiffies since boot), which together name it even if the PID is reused. */
export interface ProcessId {
  pid: number
  startTime: string
  command: string
}

/** Every live process below `root` by parent PID (Linux /proc), the commands in sessions of their own included. */
export async function descendants(root: number): Promise<ProcessId[]> {
  const table: Array<ProcessId & { parent: number }> = []
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number)) {
    const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => null)
    if (stat === null) continue
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (fields[0] === 'Z') continue
    table.push({ pid, parent: Number(fields[1]), startTime: fields[19]!, command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) })
  }
  const found: ProcessId[] = []
  const frontier = [root]
  while (frontier.length > 0) {
    const parent = frontier.pop()!
    for (const { parent: of, ...child } of table) {
      if (of !== parent) continue
      found.push(child)
      frontier.push(child.pid)
    }
  }
  return found
}

/** Those of `processes` still running: same PID, same start time, not a zombie. */
export async function stillRunning(processes: ProcessId[]): Promise<ProcessId[]> {
  const running: ProcessId[] = []
  for (const process of processes) {
    const stat = await readFile(`/proc/${process.pid}/stat`, 'latin1').catch(() => null)
    const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (fields && fields[0] !== 'Z' && fields[19] === process.startTime) running.push(process)
  }
  return running
}
