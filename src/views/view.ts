/**
 * What an output view is: a renderer of one model under one `--format` name. The views are listed in
 * `formats.ts`; a command takes its `--format` choices from the views of its model.
 */
import type { Finding } from '../diagnosis/types.js'
import type { ScimRecord } from '../records/types.js'
import type { Person } from '../timelines/types.js'
import type { Palette } from './color.js'
import type { ReportInput } from './report.js'

/** The models views render, by name. */
export interface ViewModels {
  /** Every person and group-wide finding (`report`). */
  report: ReportInput
  /** People, already filtered (`users`). */
  users: { people: readonly Person[] }
  /**
   * SCIM requests, already matched (`search`), in batches as they are found: each view writes them as they
   * come (`recordBatches` makes batches of a list).
   */
  search: { records: AsyncIterable<readonly ScimRecord[]> }
  /** One person with the findings that concern them (`explain`). */
  explain: { person: Person; findings: readonly Finding[] }
  /** One person (`timeline`). */
  timeline: { person: Person }
}

export type ModelName = keyof ViewModels

/** Where a view writes, and how. */
export interface ViewOutput {
  write(text: string): void
  colors: Palette
  /** Whether JSON is indented (for a terminal, `prettyJsonFor`). */
  pretty: boolean
}

export interface ViewDefinition<Model extends ModelName = ModelName> {
  model: Model
  /** The `--format` value. */
  format: string
  /** Writes the view; a model that arrives over time (`search`) is written as it arrives. */
  render(value: ViewModels[Model], out: ViewOutput): void | Promise<void>
}

/** A view of any model. */
export type AnyView = { [Model in ModelName]: ViewDefinition<Model> }[ModelName]

export function defineView<Model extends ModelName>(
  definition: ViewDefinition<Model>,
): ViewDefinition<Model> {
  return definition
}

/** A list of records as the `search` model's batches. */
export async function* recordBatches(records: readonly ScimRecord[]): AsyncGenerator<readonly ScimRecord[]> {
  if (records.length > 0) yield records
}
