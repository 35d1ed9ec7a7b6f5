/**
 * The timelines stage: people, identity linking, state and attribute provenance.
 */
export { gitlabName } from './attributes.js'
export { buildTimelines, collectTimelines, timelineSteps } from './build.js'
export { findPeople } from './find.js'
export { identityKeys, linkPeople, linkSteps, visitIdentities } from './linking.js'
export { concernedUid, replay } from './replay.js'
export * from './types.js'
export { gitlabUsername } from './username.js'
