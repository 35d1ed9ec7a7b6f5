/**
 * `explain` for a terminal: one person's header, timeline and attributes, then the findings that concern
 * them, or a line saying there are none. Each part is rendered in the guard (`diagnosis/guard.ts`): one that
 * throws shows the internal error in its place and the rest is written.
 */
import type { ViewPart } from '../diagnosis/guard.js'
import { renderFinding } from './findings.js'
import { guardedText } from './guarded.js'
import { renderAttributes, renderPersonHeader, renderTimeline } from './person.js'
import { defineView } from './view.js'

export const explainTextView = defineView({
  model: 'explain',
  format: 'text',
  render: ({ person, findings }, out) => {
    const { colors } = out
    const part = (name: ViewPart, render: () => string) => guardedText(person, name, render, colors)
    let text = `${part('header', () => renderPersonHeader(person, colors))}\n`
    text += `${part('timeline', () => renderTimeline(person, colors))}\n`
    text += `${part('attributes', () => renderAttributes(person, colors))}\n`
    if (findings.length === 0) text += colors.green('No problems found for this person.\n')
    for (const finding of findings) text += `${part('finding', () => renderFinding(finding, colors))}\n`
    out.write(text)
  },
})

/** `timeline` for a terminal: header, timeline and attributes, each part in the guard as in `explain`. */
export const timelineTextView = defineView({
  model: 'timeline',
  format: 'text',
  render: ({ person }, out) => {
    const { colors } = out
    const part = (name: ViewPart, render: () => string) => guardedText(person, name, render, colors)
    out.write(
      `${part('header', () => renderPersonHeader(person, colors))}\n${part('timeline', () => renderTimeline(person, colors))}\n${part('attributes', () => renderAttributes(person, colors))}`,
    )
  },
})
