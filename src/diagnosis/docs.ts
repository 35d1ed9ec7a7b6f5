/**
 * Where each finding points: sections of GitLab's "Troubleshooting SCIM" page, or of the SCIM setup page
 * where the troubleshooting guide has no section. Texts GitLab returns (reference §3.5), which the
 * identity provider shows but `api_json.log` never contains.
 */
const GUIDE = 'https://docs.gitlab.com/user/group/saml_sso/troubleshooting_scim/'
const SETUP = 'https://docs.gitlab.com/user/group/saml_sso/scim_setup/'

export const DOCS = {
  reAdded: `${GUIDE}#user-cannot-be-added-after-they-are-removed`,
  cannotSignIn: `${GUIDE}#user-cannot-sign-in`,
  nameIdUnsure: `${GUIDE}#unsure-if-users-saml-nameid-matches-the-scim-externalid`,
  nameIdMismatch: `${GUIDE}#mismatched-scim-extern_uid-and-saml-nameid`,
  changeApp: `${GUIDE}#change-scim-app`,
  alreadyTaken: `${GUIDE}#scim-app-returns-user-has-already-been-taken-status409-error`,
  domainNotAllowed: `${GUIDE}#the-members-email-address-is-not-allowed-for-this-group`,
  searchLogs: `${GUIDE}#search-rails-logs-for-scim-requests`,
  notLinked: `${GUIDE}#members-email-address-is-not-linked-error-in-scim-log`,
  entraVerify: `${GUIDE}#verify-my-scim-configuration-is-correct`,
  entraInvalidCredentials: `${GUIDE}#invalid-credentials-error-when-testing-connection`,
  entraFieldBlank: `${GUIDE}#field-cant-be-blank-sync-error`,
  entraGroupMatch: `${GUIDE}#failed-to-match-an-entry-in-the-source-and-target-systems-group-group-name-error`,
  oktaAuthNull: `${GUIDE}#error-authenticating-null-message-when-testing-api-scim-credentials`,
  setup: SETUP,
  setupGitlab: `${SETUP}#configure-gitlab`,
  setupEntra: `${SETUP}#configure-microsoft-entra-id-formerly-azure-active-directory`,
  setupMappings: `${SETUP}#configure-attribute-mappings`,
  setupOkta: `${SETUP}#configure-okta`,
  setupLink: `${SETUP}#link-scim-and-saml-identities`,
  setupRemoveAccess: `${SETUP}#remove-access`,
} as const

/** GitLab's response texts (reference §3.5). POST errors are prefixed `Error saving user with {…}: `. */
export const GITLAB_TEXT = {
  saving: (message: string) => `Error saving user with {…}: ${message}`,
  taken: 'User has already been taken',
  domainNotAllowed:
    "The member's email address is not allowed for this group. Check with your administrator.",
  notLinked: "The member's email address is not linked to a SAML account or has an inactive SCIM identity.",
  missingParams: (fields: string[]) => `Missing params: [${fields.map((f) => `:${f}`).join(', ')}]`,
  emailBlank: "Email can't be blank",
  nameBlank: "Namespace can't be blank, Name can't be blank, and User can't be blank",
  unsupportedFilter: 'Unsupported Filter',
  updating: (name: string) => `Error updating ${name} with {…}`,
  lastOwner: (name: string, group: string) =>
    `Could not remove ${name} from ${group}. Cannot remove last group owner.`,
  resourceNotFound: (id: string) => `Resource ${id} not found`,
  groupNotFound: (group: string) => `Group ${group} not found`,
  groupNoSaml: (group: string) => `Group ${group} does not have SAML SSO configured`,
  unauthorized: '{"message":"401 Unauthorized"}',
  forbidden: '{"message":"403 Forbidden  - Group SAML not enabled."}',
} as const

/** The date GitLab.com stopped destroying the SAML identity on SCIM deprovision (troubleshooting guide). */
export const SAML_KEPT_SINCE = '2023-08-11T00:00:00.000Z'
export const SAML_KEPT_SINCE_MS = Date.parse(SAML_KEPT_SINCE)
