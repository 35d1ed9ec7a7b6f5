/**
 * `missing-required-attributes`: 412 on create without an externalId, a userName or a work/primary email ("Missing params"), or with
 * no usable name ("Namespace can't be blank, Name can't be blank, and User can't be blank").
 * Shares the ranking of 412 causes with the other two 412 rules (see ../create412.ts).
 */
import { create412Rule } from '../create412.js'
import type { PersonRule } from '../types.js'
import { ALL_VERSIONS } from '../versions/gitlab.js'

export const missingRequiredAttributes: PersonRule = create412Rule(
  'missing-required-attributes',
  ALL_VERSIONS,
)
