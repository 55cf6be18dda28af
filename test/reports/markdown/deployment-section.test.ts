import { describe, expect, test } from 'vitest'
import { deploymentSection } from '../../../reports/markdown/deployment-section.ts'
import type { BenchOutcome } from '../../../helpers/model/results-schema.ts'
import { measuredBench, performanceResults, sample } from '../results-factory.ts'

const identity = (claim: string, client: string) => ({
  id: `deployment/copy/relayed/${client}/${claim.replace(/ /g, '-')}`,
  concern: 'deployment',
  name: `copy closure: ${client}, ${claim}, relayed (RTT 50.4 ms)`,
  host: 'host-1',
  command: null,
  pairKey: null,
})
const counters = (transferred: number, substituted: number, bytes: number) => ({
  closurePaths: 21, closureBytes: 7_869_080, pathsTransferred: transferred, pathsSubstituted: substituted, narBytesTransferred: transferred === 21 ? 7_869_080 : 0,
  bytesTransferred: bytes, bytesReceived: 9000, pathsMissing: 0, achievedRttMs: 50.4, msPerPath: 40,
})

describe('deploymentSection', () => {
  test('each copy states the paths that crossed the link and those the target substituted; skips and failures say why', () => {
    const benchmarks: BenchOutcome[] = [
      measuredBench({ ...identity('fresh store', 'nix-copy-closure'), samples: [sample(840, { ...counters(21, 0, 7_894_109), megabytesPerSecond: 9.37 })] }),
      measuredBench({ ...identity('with substitutes', 'nix-copy-closure'), samples: [sample(760, counters(0, 21, 31_200))] }),
      { ...identity('with substitutes', 'nix-copy-ssh-ng'), status: 'skipped', reason: 'Nix 2.8.0 ignores --substitute-on-destination for ssh-ng:// stores' },
      {
        ...identity('with substitutes', 'nix-copy-ssh'), status: 'failed',
        error: { message: 'nix copy ssh://, with substitutes, relayed: claimed "with substitutes" but the target substituted 0 of 21 paths; all 21 crossed the link (7894109 bytes)', hint: null, stderrTail: null },
        samples: [sample(1000, counters(21, 0, 7_894_109))], statistics: null, threshold: null, verdict: { status: 'none' },
      },
      measuredBench(),
    ]
    expect(deploymentSection(performanceResults(benchmarks)).join('\n')).toMatchInlineSnapshot(`
      "## Closure copies

      | Copy | Added RTT (measured) | Closure | Transferred over the link | Substituted by the target | Median | Throughput | Per path |
      | :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
      | copy closure: nix-copy-closure, fresh store, relayed (RTT 50.4 ms) (host-1) | 50.4 ms | 21 paths, 7.50 MiB | 21 paths, 7.53 MiB | 0 paths | 840 ms | 9.37 MB/s | 40.0 ms |
      | copy closure: nix-copy-closure, with substitutes, relayed (RTT 50.4 ms) (host-1) | 50.4 ms | 21 paths, 7.50 MiB | 0 paths, 30.5 KiB | 21 paths | 760 ms | — | 40.0 ms |
      | copy closure: nix-copy-ssh-ng, with substitutes, relayed (RTT 50.4 ms) (host-1) | — | — | — | — | skipped | — | — |
      | copy closure: nix-copy-ssh, with substitutes, relayed (RTT 50.4 ms) (host-1) | 50.4 ms | 21 paths, 7.50 MiB | 21 paths, 7.53 MiB | 0 paths | failed | — | — |

      - copy closure: nix-copy-ssh-ng, with substitutes, relayed (RTT 50.4 ms) (host-1): skipped, Nix 2.8.0 ignores --substitute-on-destination for ssh-ng:// stores
      - copy closure: nix-copy-ssh, with substitutes, relayed (RTT 50.4 ms) (host-1): failed, nix copy ssh://, with substitutes, relayed: claimed "with substitutes" but the target substituted 0 of 21 paths; all 21 crossed the link (7894109 bytes)

      Every copy goes through a relay on loopback that counts the bytes it carries (the bytes column: ssh's stream towards the target) and, for the direct and relayed links, delays them; its round trip is measured against a local echo server. After every sample the target's store is read: a new path carrying the binary cache's signature was substituted by the target, one without it crossed the link. A sample whose counts contradict its claim (fresh store, with substitutes, no-op) fails the copy. Throughput (NAR bytes per second) is shown only where the NARs cross the link."
    `)
  })

  test('no copy: no section', () => {
    expect(deploymentSection(performanceResults([measuredBench()]))).toEqual([])
  })
})
