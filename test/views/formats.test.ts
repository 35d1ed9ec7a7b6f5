import { describe, expect, it } from 'vitest'
import { PLAIN } from '../../src/views/color.js'
import { renderView, VIEWS, viewFormats } from '../../src/views/formats.js'

describe('the output view list', () => {
  it('gives each model its --format choices, the default first', () => {
    expect(viewFormats('report')).toEqual(['text', 'markdown', 'json'])
    expect(viewFormats('users')).toEqual(['table', 'json', 'ndjson'])
    expect(viewFormats('search')).toEqual(['table', 'json', 'ndjson'])
    expect(viewFormats('explain')).toEqual(['text', 'json'])
    expect(viewFormats('timeline')).toEqual(['text', 'json'])
  })

  it('has one view per model and format', () => {
    const keys = VIEWS.map((view) => `${view.model}/${view.format}`)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('renders through the chosen view, and refuses a format the model has not', () => {
    let written = ''
    const out = {
      write: (text: string) => {
        written += text
      },
      colors: PLAIN,
      pretty: false,
    }
    renderView('users', 'table', { people: [] }, out)
    expect(written).toBe('no people found\n')
    written = ''
    renderView('users', 'ndjson', { people: [] }, out)
    expect(written).toBe('')
    expect(() => renderView('users', 'markdown', { people: [] }, out)).toThrow(
      /no 'markdown' view of 'users'/,
    )
  })
})
