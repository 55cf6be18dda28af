import { execa } from 'execa'
import { findExecutable } from '../process/tools.ts'

export interface TerraformBinary {
  path: string
  /** "tofu" or "terraform". */
  name: string
  version: string
}

export const TERRAFORM_INSTALL_HINT =
  'install OpenTofu (https://opentofu.org/docs/intro/install/) or Terraform (https://developer.hashicorp.com/terraform/install), ' +
  'or set terraform.binary in your config (flakebench.config.ts or .json)'

/** The configured binary, else `tofu`, else `terraform` from PATH; null (with the reason) when there is none. */
export async function findTerraform(configured: string | undefined): Promise<TerraformBinary | { missing: string }> {
  const candidates = configured ? [configured] : ['tofu', 'terraform']
  for (const candidate of candidates) {
    const path = candidate.includes('/') ? candidate : await findExecutable(candidate)
    if (!path) continue
    const probe = await execa(path, ['version', '-json'], { reject: false, stdin: 'ignore', timeout: 30_000 }).catch(() => null)
    if (!probe || probe.exitCode !== 0) continue
    const json = JSON.parse(String(probe.stdout)) as { terraform_version?: string }
    const name = /tofu/.test(path.split('/').at(-1) ?? '') ? 'tofu' : 'terraform'
    return { path, name, version: json.terraform_version ?? 'unknown' }
  }
  const looked = configured ? `${configured} (terraform.binary) is not a working tofu or terraform` : 'neither tofu nor terraform is on PATH'
  return { missing: `${looked}: ${TERRAFORM_INSTALL_HINT}` }
}
