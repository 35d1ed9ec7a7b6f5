/**
 * `--scim-identities`/`--saml-identities`: the JSON saved from GitLab's identity APIs, read before the logs
 * (so a bad file fails first) and given to diagnosis (`DiagnosisOptions.identities`), whose identity
 * cross-checks compare it with the log.
 */
import { readFile } from 'node:fs/promises'
import { type IdentityRecord, parseIdentities } from '../diagnosis/index.js'
import type { DiagnosisOptions } from '../diagnosis/types.js'
import { inputErrorFor } from '../sources/fs-errors.js'

async function load(path: string | undefined, kind: 'scim' | 'saml'): Promise<IdentityRecord[] | undefined> {
  if (path === undefined) return undefined
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw inputErrorFor(path, error)
  }
  return parseIdentities(text, kind, path)
}

/** Read the identity files; undefined when neither is given. */
export async function loadIdentities(
  scimPath: string | undefined,
  samlPath: string | undefined,
): Promise<DiagnosisOptions['identities']> {
  const scim = await load(scimPath, 'scim')
  const saml = await load(samlPath, 'saml')
  if (!scim && !saml) return undefined
  return { scim, saml }
}
