import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { parseBuildLog, unionMs } from '../../../helpers/builds/build-log.ts'
import { buildFailureText } from '../../../helpers/builds/host-build.ts'
import type { CommandRun } from '../../../helpers/process/run-command.ts'

/** Logs recorded from Nix 2.8.0 (`nix build --log-format internal-json` into a chroot store); one ms per line. */
function recorded(name: string) {
  const text = readFileSync(new URL(`../../recorded/nix-2.8/${name}`, import.meta.url), 'utf8')
  return text.trimEnd().split('\n').map((line, index) => ({ atMs: index, text: line }))
}

describe('parseBuildLog on recorded Nix 2.8 logs', () => {
  test('an uncached build of a 4-module host: every derivation built, nothing substituted', () => {
    const log = parseBuildLog(recorded('uncached-build.log'))
    expect(log.derivationsBuilt, 'built').toBe(4)
    expect(log.pathsSubstituted, 'substituted').toBe(0)
    expect(log.buildingMs, 'building time').toBeGreaterThan(0)
    expect(log.builtDerivations.every((drv) => drv.endsWith('.drv'))).toBe(true)
    expect(log.errors).toEqual([])
  })

  test('a cached build: nothing built, every path substituted', () => {
    const log = parseBuildLog(recorded('cached-build.log'))
    expect(log.derivationsBuilt, 'built').toBe(0)
    expect(log.pathsSubstituted, 'substituted').toBe(4)
    expect(log.substitutedPaths.map((path) => path.replace(/^\/nix\/store\/[a-z0-9]{32}-/, '')).sort()).toEqual(['nixos-system-vps', 'service-1', 'service-2', 'service-4'])
    expect(log.substitutingMs).toBeGreaterThan(0)
    expect(log.buildingMs).toBe(0)
  })

  test('a failed build: the error without colours and the failing derivation\'s last log lines', () => {
    const lines = recorded('failed-build.log')
    const log = parseBuildLog(lines)
    expect(log.errors).toEqual(["error: builder for '/nix/store/q4cm111fdjyhsa4gqnfq87ryrpw60ljz-fails.drv' failed with exit code 3"])
    expect(log.logTails).toEqual({ '/nix/store/q4cm111fdjyhsa4gqnfq87ryrpw60ljz-fails.drv': ['step one', 'boom'] })
    const run = { stderrLines: lines, stderr: '' } as unknown as CommandRun
    expect(buildFailureText(run)).toEqual({
      text: [
        "error: builder for '/nix/store/q4cm111fdjyhsa4gqnfq87ryrpw60ljz-fails.drv' failed with exit code 3",
        'last lines of the log of /nix/store/q4cm111fdjyhsa4gqnfq87ryrpw60ljz-fails.drv:',
        '  step one',
        '  boom',
      ].join('\n'),
      hint: null,
    })
  })

  test('a sandbox without /bin/sh: the fix is the hint, kept apart from Nix\'s text', () => {
    const run = { stderrLines: [], stderr: "error: executing '/bin/sh': No such file or directory" } as unknown as CommandRun
    expect(buildFailureText(run)).toEqual({ text: run.stderr, hint: 'the build sandbox has no /bin/sh: install busybox-static (apt-get install busybox-static)' })
  })

  test('activity type numbers: a build is 105, a substitution 108 (Nix and Lix)', () => {
    const line = (event: object) => ({ atMs: 0, text: `@nix ${JSON.stringify(event)}` })
    const log = parseBuildLog([
      line({ action: 'start', id: 1, type: 105, fields: ['/nix/store/a.drv'] }),
      line({ action: 'start', id: 2, type: 108, fields: ['/nix/store/b'] }),
      line({ action: 'start', id: 3, type: 100, fields: ['/nix/store/b'] }),
      { atMs: 0, text: 'not a log line' },
    ])
    expect([log.builtDerivations, log.substitutedPaths]).toEqual([['/nix/store/a.drv'], ['/nix/store/b']])
  })
})

test('unionMs counts overlapping activities once', () => {
  expect(unionMs([[0, 10], [5, 15], [20, 30]])).toBe(25)
  expect(unionMs([])).toBe(0)
})

describe('internal-json recorded from both versions (scripts/record-nix-outputs.ts): the same activity numbers', () => {
  test.each(['nix-2.8', 'nix-2.26'])('%s: an uncached build of the fixture host builds its 5 derivations', (version) => {
    const text = readFileSync(new URL(`../../recorded/${version}/uncached-build-internal-json.log`, import.meta.url), 'utf8')
    const breakdown = parseBuildLog(text.split('\n').map((line, index) => ({ atMs: index, text: line })))
    expect(breakdown.derivationsBuilt).toBe(5)
    expect(breakdown.pathsSubstituted).toBe(0)
    expect(breakdown.errors).toEqual([])
    expect(breakdown.builtDerivations.every((drv) => drv.endsWith('.drv'))).toBe(true)
  })
})
