// What the transfer manager keeps of each transfer, and how engine messages change it.
import type { TransferSummary } from '../../../shared/domain/transfer'
import type {
  EngineConnection,
  EngineEvent,
  StreamJob,
  TransferNote,
  TransferTuning,
  UploadJob,
  UploadOutcome,
} from '../../../shared/engine-protocol'
import { memoryBudget, memoryOf } from '../../../shared/tuning'
import { SpeedMeter } from './speed-meter'

/** Why Ferry itself stopped a transfer that it will resume on its own. */
export type HoldReason = 'suspend' | 'offline' | 'network' | 'crash' | 'credentials'

/** What the next run of a queued transfer sends to the engine. */
export type Action =
  { kind: 'upload'; job: UploadJob } | { kind: 'stream'; job: StreamJob } | { kind: 'resume' }

/** How a run of a transfer ended. */
export interface TransferResult {
  summary: TransferSummary
  outcome?: UploadOutcome
  notes: TransferNote[]
}

export interface Entry {
  summary: TransferSummary
  connection: EngineConnection
  tuning: TransferTuning
  /** The fresh job, kept until the engine journals it: a transfer paused before then starts over. */
  job?: UploadJob
  /** A stream's job: its URL keeps the password, which the journal does not. */
  streamJob?: StreamJob
  action?: Action
  running: boolean
  reservation: number
  budget: number
  speed: SpeedMeter
  outcome?: UploadOutcome
  notes: TransferNote[]
  waiters: ((result: TransferResult) => void)[]
  /** A pause was sent to the engine and has not been answered yet. */
  pausing?: boolean
  /** Resume was asked for while a pause was still on its way: run again once it lands. */
  resumeAfterPause?: { connection?: EngineConnection; tuning?: TransferTuning }
  /** Stopped by the system or the network, not the person: Ferry resumes it on its own. */
  held?: HoldReason
  /** Its queued journal is not on disk yet (queued-journals.ts): it may not start. */
  unjournaled?: boolean
}

export function newEntry(
  summary: TransferSummary,
  connection: EngineConnection,
  tuning: TransferTuning,
  size: number,
): Entry {
  let reservation = size
  try {
    reservation = memoryOf(size, tuning)
  } catch {
    // The engine reports the bad setting; the reservation only orders the queue.
  }
  return {
    summary,
    connection,
    tuning,
    running: false,
    reservation,
    budget: memoryBudget(tuning),
    speed: new SpeedMeter(),
    notes: [],
    waiters: [],
  }
}

export function resultOf(entry: Entry): TransferResult {
  const result: TransferResult = { summary: { ...entry.summary }, notes: [...entry.notes] }
  if (entry.outcome) result.outcome = entry.outcome
  return result
}

/** Progress figures as the engine or a download reports them. */
export interface ProgressFigures {
  size: number
  bytesDone: number
  partsTotal: number
  partsDone: number
  partsReused: number
}

/** Copies progress into a summary, with the speed measured from the bytes done. */
export function applyProgress(s: TransferSummary, speed: SpeedMeter, p: ProgressFigures): void {
  s.size = p.size
  s.bytesDone = p.bytesDone
  s.partsTotal = p.partsTotal
  s.partsDone = p.partsDone
  s.partsReused = p.partsReused
  speed.sample(p.bytesDone)
  s.speed = Math.round(speed.bytesPerSecond)
}

export function applyEvent(entry: Entry, message: EngineEvent): void {
  const s = entry.summary
  switch (message.type) {
    case 'progress':
      applyProgress(s, entry.speed, message)
      break
    case 'state':
      s.state = message.state
      break
    case 'note':
      entry.notes.push(message.note)
      break
  }
}

export function applyOutcome(entry: Entry, o: UploadOutcome): void {
  const s = entry.summary
  entry.outcome = o
  s.bytesDone = o.bytes
  s.size = o.bytes
  s.etag = o.etag
  s.verification = o.verification
  s.partsReused = o.partsReused
  s.partsDone = o.partsUploaded + o.partsReused
  s.partsTotal = Math.max(s.partsTotal, s.partsDone)
  delete s.error
}
