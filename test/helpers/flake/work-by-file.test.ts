import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { countWorkByFile, diffWork, flakeSourcesFromArchive, type FileCount } from '../../../helpers/flake/work-by-file.ts'

// Recorded on this machine with Nix 2.8: a wrapper flake whose input `fleet` is the 6-module fixture; one host's drvPath.
const recorded = (name: string) => JSON.parse(readFileSync(new URL(`../../recorded/nix-2.8/count-calls/${name}`, import.meta.url), 'utf8')) as unknown
const sources = flakeSourcesFromArchive(recorded('archive.json'))

describe('flakeSourcesFromArchive', () => {
  test('the flake and each input, by name', () => {
    expect(sources).toEqual({
      self: '/nix/store/nk90x8iz0n017fwskfaf1ciq18ki1r7l-source',
      inputs: [{ name: 'fleet', path: '/nix/store/apkz2abn2n9qnk1naq7mfdcf4nsp2p64-source' }],
    })
  })

  test('nested inputs are named a/b; one followed by another is named once', () => {
    const archive = { path: '/s/root', inputs: { a: { path: '/s/a', inputs: { b: { path: '/s/b', inputs: {} }, c: { path: '/s/a' } } }, d: { path: '/s/b' } } }
    expect(flakeSourcesFromArchive(archive).inputs).toEqual([{ name: 'a', path: '/s/a' }, { name: 'a/b', path: '/s/b' }])
  })

  test('another shape is an error that says what came', () => {
    expect(() => flakeSourcesFromArchive({ inputs: {} })).toThrow('`nix flake archive --json` printed an unexpected shape')
  })
})

describe('countWorkByFile', () => {
  const counts = countWorkByFile(recorded('host-stats.json'), sources)
  const find = (file: string) => counts.find((count) => count.file === file)

  test('sums calls and selections per file, relative to the flake or to its input', () => {
    expect(find('flake.nix'), 'the wrapper flake itself').toEqual({ file: 'flake.nix', origin: 'self', calls: 1, selections: 2 })
    expect(find('fleet:lib/merge.nix')).toEqual({ file: 'fleet:lib/merge.nix', origin: 'fleet', calls: 138, selections: 0 })
    expect(find('fleet:modules/common/service-1.nix')).toEqual({ file: 'fleet:modules/common/service-1.nix', origin: 'fleet', calls: 1, selections: 6 })
  })

  test('Nix\'s call-flake expression, //builtin files and positionless selections are "<nix internal>"', () => {
    // 8 call-flake lambdas (10 calls) and 2 derivation.nix lambdas (5 + 5); 223 positionless and 5 derivation.nix selections.
    expect(find('<nix internal>')).toEqual({ file: '<nix internal>', origin: 'nix', calls: 20, selections: 228 })
  })

  test('every count is kept: the sums equal the totals of the recording', () => {
    const stats = recorded('host-stats.json') as { functions: Array<{ count: number }>; attributes: Array<{ count: number }> }
    const total = (list: Array<{ count: number }>) => list.reduce((sum, entry) => sum + entry.count, 0)
    expect(counts.reduce((sum, count) => sum + count.calls, 0)).toBe(total(stats.functions))
    expect(counts.reduce((sum, count) => sum + count.selections, 0)).toBe(total(stats.attributes))
  })

  test('stats without NIX_COUNT_CALLS say how to get them', () => {
    expect(() => countWorkByFile({ nrFunctionCalls: 3 }, sources)).toThrow(/no per-position counts \(functions, attributes\)[\s\S]*NIX_COUNT_CALLS=1 together with NIX_SHOW_STATS=1/)
  })
})

describe('diffWork', () => {
  const count = (file: string, calls: number, selections = 0, origin = 'self'): FileCount => ({ file, origin, calls, selections })

  test('A/A: no file changed, every difference zero', () => {
    const side = [count('lib/merge.nix', 100, 10), count('modules/a.nix', 2)]
    const work = diffWork('vps', side, side, 10)
    expect(work.files.map((file) => file.headCalls + file.headSelections - file.baseCalls - file.baseSelections)).toEqual([0, 0])
  })

  test('largest change first; a file on one side only counts as 0 on the other; origins summed', () => {
    const work = diffWork('vps', [count('lib/merge.nix', 100), count('gone.nix', 5)], [count('lib/merge.nix', 180), count('modules/new.nix', 30), count('fleet:x.nix', 7, 0, 'fleet')], 10)
    expect(work.files.map((file) => [file.file, file.baseCalls, file.headCalls])).toEqual([
      ['lib/merge.nix', 100, 180], ['modules/new.nix', 0, 30], ['fleet:x.nix', 0, 7], ['gone.nix', 5, 0],
    ])
    expect(work.origins).toEqual([
      { origin: 'self', baseCalls: 105, headCalls: 210, baseSelections: 0, headSelections: 0 },
      { origin: 'fleet', baseCalls: 0, headCalls: 7, baseSelections: 0, headSelections: 0 },
    ])
    expect(work.filesCounted).toBe(4)
  })

  test('keeps the leading files by change (f3) and by cost (f3, f49), not every file', () => {
    const many = Array.from({ length: 50 }, (_, index) => count(`f${index}.nix`, index))
    const work = diffWork('vps', many, many.map((file, index) => (index === 3 ? { ...file, calls: 1000 } : file)), 2)
    expect(work.files.map((file) => file.file)).toEqual(['f3.nix', 'f49.nix'])
    expect(work.filesCounted).toBe(50)
  })
})
