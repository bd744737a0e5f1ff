/** "1,000": digits grouped by threes. Not toLocaleString: its first call loads ICU's data (about 18 ms of a CLI run). */
export const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/** "1 file", "2 files", "10,020 files": a count and its word, for messages people read. */
export const plural = (n: number, word: string): string => `${grouped(n)} ${word}${n === 1 ? '' : 's'}`
