/**
 * The output views, by model and `--format` name: a new view is one file exporting a definition
 * (`view.ts`) and one line here. For each model the first view listed is the default format, and the order
 * is the order `--help` shows.
 */
import { explainTextView, timelineTextView } from './explain.js'
import {
  explainJsonView,
  searchJsonView,
  searchNdjsonView,
  timelineJsonView,
  usersJsonView,
  usersNdjsonView,
} from './json-views.js'
import { markdownReportView } from './markdown.js'
import { usersTableView } from './person.js'
import { searchTableView } from './records.js'
import { jsonReportView } from './report.js'
import { textReportView } from './text-report.js'
import type { AnyView, ModelName, ViewDefinition, ViewModels, ViewOutput } from './view.js'

export const VIEWS: readonly AnyView[] = [
  textReportView,
  markdownReportView,
  jsonReportView,
  usersTableView,
  usersJsonView,
  usersNdjsonView,
  searchTableView,
  searchJsonView,
  searchNdjsonView,
  explainTextView,
  explainJsonView,
  timelineTextView,
  timelineJsonView,
]

export function viewsOf<Model extends ModelName>(model: Model): ViewDefinition<Model>[] {
  return VIEWS.filter((view) => view.model === model) as ViewDefinition<Model>[]
}

/** The `--format` choices for a model, its default first. */
export function viewFormats(model: ModelName): [string, ...string[]] {
  const [first, ...rest] = viewsOf(model).map((view) => view.format)
  if (first === undefined) throw new Error(`no view of '${model}'`)
  return [first, ...rest]
}

/** Render `value` with the view of `model` named `format` (one of `viewFormats(model)`). */
export function renderView<Model extends ModelName>(
  model: Model,
  format: string,
  value: ViewModels[Model],
  out: ViewOutput,
): void | Promise<void> {
  const view = viewsOf(model).find((candidate) => candidate.format === format)
  if (!view) throw new Error(`no '${format}' view of '${model}'`)
  return view.render(value, out)
}
