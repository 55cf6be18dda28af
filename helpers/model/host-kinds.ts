/** The kinds of host a flake configures: nixosConfigurations, darwinConfigurations, homeConfigurations. */
export const HOST_KINDS = ['nixos', 'darwin', 'home'] as const
export type HostKind = (typeof HOST_KINDS)[number]
