import { describe, expect, test } from 'vitest'
import { BaseAgainstHeadSchema, type BaseAgainstHead, type SideBySide } from '../../../helpers/model/base-against-head.ts'
import { PR_COMMENT_LIMIT_CHARS, PR_COMMENT_MARKER, renderPrComment } from '../../../reports/markdown/pr-comment.ts'

const host = (index: number) => `host-${String(index).padStart(3, '0')}`

function bench(key: string, hostName: string | null, ratio: number, callsDifference: number): SideBySide {
  return {
    key, name: hostName ? 'evaluate top-level drvPath' : key, host: hostName, baseMedianMs: 200, headMedianMs: 200 * ratio, ratio,
    ratioCi95: [ratio - 0.01, ratio + 0.01], verdict: ratio > 1.03 ? 'slower' : 'unchanged',
    counters: [{ counter: 'nrFunctionCalls', base: 1000, head: 1000 + callsDifference, difference: callsDifference }],
  }
}

/** A compare of `hosts` hosts, each slower with grown work in 40 files and a changed closure of 60 paths. */
function fleet(hosts: number, options: { rules: boolean }): BaseAgainstHead {
  const names = Array.from({ length: hosts }, (_, index) => host(index + 1))
  return BaseAgainstHeadSchema.parse({
    base: { flakeRef: 'git+file:///src/infra?rev=aaaa', revision: 'a'.repeat(40) },
    head: { flakeRef: 'git+file:///src/infra?ref=pr&rev=bbbb', revision: 'b'.repeat(40) },
    method: 'interleaved', noiseFloorPct: 3, regressionTolerancePct: 10, workGrowthTolerancePct: 10,
    benches: [bench('cold-flake-show', null, 1.2, 5000), ...names.map((name) => bench(`host-evaluation/${name}`, name, 1.5, 900))],
    hostsAdded: ['new-host'], hostsRemoved: [],
    work: names.map((name) => ({
      host: name,
      origins: [{ origin: 'self', baseCalls: 1000, headCalls: 1900, baseSelections: 10, headSelections: 20 }, { origin: 'nixpkgs', baseCalls: 9000, headCalls: 9000, baseSelections: 0, headSelections: 0 }],
      files: Array.from({ length: 40 }, (_, index) => ({ file: `modules/services/some-rather-long-directory-name/module-${index}.nix`, origin: 'self', baseCalls: 10, headCalls: 10 + index + 1, baseSelections: 0, headSelections: 0 })),
      filesCounted: 2000,
    })),
    closures: names.map((name) => ({
      host: name, closure: 'derivations', basePaths: 3000, headPaths: 3060,
      added: Array.from({ length: 60 }, (_, index) => `package-with-a-long-name-${index}.drv`), removed: [], changed: [`nixos-system-${name}.drv`],
      baseBytes: 10_000_000, headBytes: 10_500_000,
    })),
    rulesFired: options.rules ? names.map((name) => ({ rule: 'work grew', key: `host-evaluation/${name}`, counter: 'nrFunctionCalls', changePct: 90, limitPct: 10 })) : [],
  })
}

describe('renderPrComment', () => {
  test('verdict first, then one table of what changed; details folded', () => {
    const comment = renderPrComment(fleet(2, { rules: false }))
    const lines = comment.split('\n')
    expect(lines.slice(0, 4)).toEqual([
      PR_COMMENT_MARKER,
      '## flakebench: base against head',
      '',
      '✅ **No rule fired** (slower beyond +10 %, exact work grown beyond +10 %): 3 slower.',
    ])
    expect(comment).toContain('Hosts added in the head: new-host.')
    expect(comment).toContain('| host-001 | `modules/services/some-rather-long-directory-name/module-39.nix` | 10 | 50 | +40 |')
    expect(comment).toContain('<summary>All 3 benches</summary>')
  })

  test('the rule that fired is named in the verdict', () => {
    const comment = renderPrComment(fleet(1, { rules: true }))
    expect(comment.split('\n')[3]).toBe('❌ **The head fails**: evaluate top-level drvPath (host-001) does 90.0 % more work (nrFunctionCalls; limit +10 %).')
  })

  test.each([50, 500, 3000])('stays under GitHub\'s 65,536 characters with %i hosts, and says what it left out', (hosts) => {
    const comment = renderPrComment(fleet(hosts, { rules: true }))
    expect(comment.length).toBeLessThan(PR_COMMENT_LIMIT_CHARS)
    expect(comment).toMatch(/… \d+ more rows in performance-results\.json\./)
    expect(comment.split('\n')[3]).toMatch(new RegExp(`^❌ \\*\\*The head fails\\*\\*: .*; and ${hosts - 5} more\\.$`))
  })
})
