// The move and copy sets this process runs now, by identity. A journal's process mark cannot
// tell two runs of one process apart (the app's window and its start-up recovery both run in
// main): this is what does, for refusing a second run of a set (move-set.ts) and for telling a
// running set's streams from an interrupted one's (journal-front.ts).
export const setsRunningHere = new Set<string>()
