/**
 * `--scim-identities`/`--saml-identities`: load JSON saved from GitLab's identity APIs and compare
 * it with the log once timelines exist.
 */
import { readFile } from 'node:fs/promises'
import { crossCheck, parseIdentities } from '../diagnosis/crosscheck.js'
import type { Finding } from '../diagnosis/types.js'
import { inputErrorFor } from '../sources/fsErrors.js'
import type { Timelines } from '../timelines/types.js'

async function load(path: string | undefined, kind: 'scim' | 'saml') {
  if (path === undefined) return undefined
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw inputErrorFor(path, error)
  }
  return parseIdentities(text, kind, path)
}

/** Read the files now (so a bad file fails before the logs are read); compare later. */
export async function loadCrossChecks(
  scimPath: string | undefined,
  samlPath: string | undefined,
): Promise<(timelines: Timelines) => Finding[]> {
  const scim = await load(scimPath, 'scim')
  const saml = await load(samlPath, 'saml')
  if (!scim && !saml) return () => []
  return (timelines) => crossCheck(timelines, scim, saml)
}
