/** "1 file", "2 files", "10,020 files": a count and its word, for messages people read. */
export const plural = (n: number, word: string): string =>
  `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`
