import type { NixInfo } from '../model/results-schema.ts'

export type CopyClientKey = 'nix-copy-closure' | 'nix-copy-ssh' | 'nix-copy-ssh-ng'

/** The copy clients, by config key (closureCopies.clients), as benches, rows and copy laws name them. */
export const COPY_CLIENT_NAMES: Record<CopyClientKey, string> = {
  'nix-copy-closure': 'nix-copy-closure',
  'nix-copy-ssh': 'nix copy ssh://',
  'nix-copy-ssh-ng': 'nix copy ssh-ng://',
}

/**
 * Why a client cannot make the target substitute with this Nix, or null when it can (or when that is unknown:
 * then the copy's own verification decides). Nix before 2.20 sends `builders-use-substitutes` instead of
 * `--substitute-on-destination` to an ssh-ng store (RemoteStore::queryValidPaths; NixOS/nix#9591, fixed by #9600,
 * release notes of 2.20). nix-copy-closure --use-substitutes and ssh:// go through `nix-store --serve`, which
 * honours it.
 */
export function substituteOnDestinationGap(client: CopyClientKey, nix: NixInfo): string | null {
  if (client !== 'nix-copy-ssh-ng' || nix.implementation !== 'nix') return null
  const [major, minor] = nix.version.split('.').map(Number)
  if (major === undefined || minor === undefined || Number.isNaN(major) || Number.isNaN(minor)) return null
  if (major > 2 || (major === 2 && minor >= 20)) return null
  return `Nix ${nix.version} ignores --substitute-on-destination for ssh-ng:// stores (it forwards only builders-use-substitutes; fixed in Nix 2.20, NixOS/nix#9600): every path would cross the link, so this copy cannot be measured with the target substituting`
}
