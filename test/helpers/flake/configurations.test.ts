import { expect, test } from 'vitest'
import { hostKindOf, unbuildableReason } from '../../../helpers/flake/configurations.ts'

test('a configured host\'s kind: its own setting, else the output its attribute path starts with', () => {
  expect(hostKindOf('nixosConfigurations.web.config.system.build.toplevel')).toBe('nixos')
  expect(hostKindOf('darwinConfigurations.studio.system')).toBe('darwin')
  expect(hostKindOf('homeConfigurations."me@web".activationPackage')).toBe('home')
  expect(hostKindOf('packages.x86_64-linux.web-image')).toBe('unknown')
  expect(hostKindOf('packages.x86_64-linux.web-image', 'nixos')).toBe('nixos')
  expect(hostKindOf('nixosConfigurationsX.web')).toBe('unknown')
})

test('a host whose system this machine does not build needs a builder of that system', () => {
  const here = ['x86_64-linux', 'i686-linux']
  expect(unbuildableReason('x86_64-linux', here)).toBeNull()
  expect(unbuildableReason('i686-linux', here)).toBeNull()
  expect(unbuildableReason('aarch64-darwin', here)).toBe('needs an aarch64-darwin builder (this machine is x86_64-linux)')
  expect(unbuildableReason('riscv64-linux', here)).toBe('needs a riscv64-linux builder (this machine is x86_64-linux)')
})
