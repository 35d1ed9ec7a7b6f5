/**
 * The terminal's size, updated on resize (SIGWINCH reaches Node as the stream's 'resize' event).
 */
import { useStdout } from 'ink'
import { useEffect, useState } from 'react'

export function useTerminalSize(): { width: number; height: number } {
  const { stdout } = useStdout()
  const read = () => ({ width: stdout.columns || 80, height: stdout.rows || 24 })
  const [size, setSize] = useState(read)
  useEffect(() => {
    const onResize = () => setSize(read())
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  })
  return size
}
