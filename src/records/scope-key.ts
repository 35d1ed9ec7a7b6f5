/**
 * The key of a record's (or a person's) group or instance: `group:hooli`, `instance:` (self-managed). One
 * spelling for every map keyed by scope, in every stage.
 */
export function scopeKey(record: { scope: string; scopeKind: 'group' | 'instance' | string }): string {
  return `${record.scopeKind}:${record.scope}`
}
