/**
 * The timelines stage: people, identity linking, state and attribute provenance.
 */
export { gitlabName } from './attributes.js'
export { buildTimelines, collectTimelines } from './build.js'
export { findPeople } from './find.js'
export { identityKeys, linkPeople } from './linking.js'
export { concernedUid, replay } from './replay.js'
export * from './types.js'
export { gitlabUsername } from './username.js'
