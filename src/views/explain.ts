/**
 * `explain` for a terminal: one person's header, timeline and attributes, then the findings that concern
 * them, or a line saying there are none.
 */
import { renderFinding } from './findings.js'
import { renderAttributes, renderPersonHeader, renderTimeline } from './person.js'
import { defineView } from './view.js'

export const explainTextView = defineView({
  model: 'explain',
  format: 'text',
  render: ({ person, findings }, out) => {
    const { colors } = out
    let text = `${renderPersonHeader(person, colors)}\n${renderTimeline(person, colors)}\n${renderAttributes(person, colors)}\n`
    if (findings.length === 0) text += colors.green('No problems found for this person.\n')
    for (const finding of findings) text += `${renderFinding(finding, colors)}\n`
    out.write(text)
  },
})
