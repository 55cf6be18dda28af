import { expect, test } from 'vitest'
import { NIX_BUILD_DEFAULTS } from '../../../helpers/config/defaults.ts'
import { detectNixBuilds, parseNixBuildList, selectNixBuilds } from '../../../helpers/process/nix-builds.ts'

test('FLAKEBENCH_NIX: labelled and bare entries, in order', () => {
  expect(parseNixBuildList('old=/usr/bin/nix, /opt/x/bin/nix')).toEqual([{ label: 'old', path: '/usr/bin/nix' }, { label: 'nix-2', path: '/opt/x/bin/nix' }])
})

test('FLAKEBENCH_NIX wins over the config, and bad entries say what to fix', () => {
  expect(selectNixBuilds([{ label: 'cfg', path: '/bin/true' }], { FLAKEBENCH_NIX: 'env=/bin/true' })).toEqual({ source: 'FLAKEBENCH_NIX', builds: [{ label: 'env', path: '/bin/true' }], absent: [] })
  expect(() => selectNixBuilds(undefined, { FLAKEBENCH_NIX: 'a=bin/nix' })).toThrow('FLAKEBENCH_NIX: the path of "a" is "bin/nix", not an absolute path')
  expect(() => selectNixBuilds(undefined, { FLAKEBENCH_NIX: 'a=/nonexistent/nix' })).toThrow('FLAKEBENCH_NIX: /nonexistent/nix ("a") is not an executable file')
  expect(() => selectNixBuilds(undefined, { FLAKEBENCH_NIX: 'a=/bin/true,a=/bin/false' })).toThrow('FLAKEBENCH_NIX: the label "a" is given twice')
  expect(() => selectNixBuilds(undefined, { FLAKEBENCH_NIX: '=/bin/true' })).toThrow('FLAKEBENCH_NIX entry "=/bin/true" has an empty label')
})

test('the config\'s list is used as given', () => {
  expect(selectNixBuilds([{ label: 'cfg', path: '/bin/true' }], {})).toMatchObject({ source: 'config', builds: [{ label: 'cfg', path: '/bin/true' }] })
})

test('default: the nix on PATH, and the second Nix only where it is installed', () => {
  const selection = selectNixBuilds(undefined, { PATH: '/nonexistent' })
  expect(selection.builds.find((build) => build.label === NIX_BUILD_DEFAULTS.systemLabel)).toBeUndefined()
  expect(selection.absent[0]).toEqual({ label: 'system', reason: 'no nix on PATH' })
})

test('a build whose --version fails is reported absent with its exit code', async () => {
  const detected = await detectNixBuilds({ source: 'config', builds: [{ label: 'broken', path: '/bin/false' }], absent: [] })
  expect(detected.builds).toEqual([])
  expect(detected.absent).toEqual([{ label: 'broken', reason: '`/bin/false --version` failed with exit code 1: ' }])
})
