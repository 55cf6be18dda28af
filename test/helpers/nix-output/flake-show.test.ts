import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { parseFlakeShow } from '../../../helpers/nix-output/flake-show.ts'

const fixture = (path: string) => readFileSync(new URL(`../../recorded/${path}`, import.meta.url), 'utf8')

test.each(['nix-2.8', 'nix-2.26'])('%s (recorded): NixOS hosts named, darwin hosts left to nix eval', (version) => {
  const outputs = parseFlakeShow(fixture(`${version}/flake-show.json`))
  expect(outputs.nixosConfigurations).toEqual({ names: ['vps'] })
  expect(outputs.darwinConfigurations, 'Nix shows it as {"type":"unknown"}').toEqual({ names: null })
})

test('Determinate Nix (documented): {"unknown": true} with a doc is never read as names', () => {
  expect(parseFlakeShow(fixture('nix-documented/flake-show-determinate.json'))).toEqual({
    darwinConfigurations: { names: null },
    homeConfigurations: { names: null },
  })
})

test('a host named like a marker key is still a host', () => {
  expect(parseFlakeShow('{"nixosConfigurations":{"doc":{"type":"nixos-configuration"},"type":{"type":"nixos-configuration"}}}'))
    .toEqual({ nixosConfigurations: { names: ['doc', 'type'] } })
})
