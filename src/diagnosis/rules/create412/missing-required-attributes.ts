/**
 * `missing-required-attributes`: 412 on create without an externalId, a userName or a work/primary email ("Missing params"), or with
 * no usable name ("Namespace can't be blank, Name can't be blank, and User can't be blank").
 * Shares the ranking of 412 causes with the other two 412 rules (`analysis.ts`), and words the runs whose top cause is its own.
 */

import type { ScimRecord } from '../../../records/types.js'
import { DOCS } from '../../docs.js'
import type { PersonRule } from '../../types.js'
import { ALL_VERSIONS } from '../../versions/gitlab.js'
import { create412Rule } from './analysis.js'

export const missingRequiredAttributes: PersonRule = create412Rule(
  'missing-required-attributes',
  {
    title(analysis) {
      switch (analysis.top.id) {
        case 'missing-params':
          return `required attribute${analysis.missing.length > 1 ? 's' : ''} missing (${analysis.missing.join(', ')})`
        default: // 'blank-field'
          return analysis.blank.includes('name') ? 'no usable name (name is blank)' : 'the email is blank'
      }
    },
    why(analysis) {
      switch (analysis.top.id) {
        case 'missing-params':
          return `GitLab needs an externalId (or id), a userName and a work or primary email to create a user; this request had no ${analysis.missing.join(', ')}, so GitLab answered 412 "Missing params".`
        default: // 'blank-field'
          return analysis.blank.includes('name')
            ? 'GitLab takes the name from name.formatted, else givenName + familyName, else displayName; this request gave none (or only empty values), so saving the user failed with "Name can\'t be blank".'
            : 'The work/primary email value is an empty string, so saving the user failed with "Email can\'t be blank".'
      }
    },
    // Both causes are fixed in the identity provider's attribute mapping.
    remedy(analysis, retry) {
      const idp = (analysis.failures[0] as ScimRecord).idp
      const steps: string[] = []
      const fields = [...analysis.missing, ...analysis.blank]
      if (idp === 'entra') {
        if (fields.includes('name'))
          steps.push(
            'In the Entra app → Provisioning → Attribute mappings: delete the name.formatted target entry and map the displayName source attribute to name.formatted (or Join(" ", [givenName], [surname])).',
          )
        if (fields.includes('email'))
          steps.push('Map userPrincipalName or mail to emails[type eq "work"].value.')
        if (fields.includes('username')) steps.push('Map mailNickname to userName.')
        if (fields.includes('extern_uid')) steps.push('Map objectId to externalId, matching precedence 1.')
      } else {
        steps.push(
          `Make sure every user sent to GitLab has ${fields.join(', ')}: fill the attribute in the identity provider's user profile, or fix the app's attribute mapping (userName, emails work value, givenName/familyName, externalId).`,
        )
      }
      steps.push(retry)
      return steps
    },
    docs(analysis) {
      const idp = analysis.failures[0]?.idp
      switch (analysis.top.id) {
        case 'missing-params':
          return idp === 'entra' ? DOCS.entraVerify : DOCS.setupMappings
        default: // 'blank-field'
          return analysis.blank.includes('name') ? DOCS.entraFieldBlank : DOCS.entraVerify
      }
    },
  },
  ALL_VERSIONS,
)
