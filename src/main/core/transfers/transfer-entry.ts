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
import type { CustomerKey } from '../../../shared/encryption'
import { SpeedMeter } from './speed-meter'
import type { RetryLater } from './transfer-failure'
import type { Phase } from './transfer-phase'

/** How a transfer is scheduled beyond its request (the daemon's jobs ask for more than the app's). */
export interface ScheduleOptions {
  /** Run it again after a failure a later run may get past; default: never. */
  retryLater?: RetryLater
  /** Each run starts (the first is run 1): the daemon records when its job started. */
  onStart?: (transferId: string, run: number) => void
}

/** How a run of a transfer ended. */
export interface TransferResult {
  summary: TransferSummary
  outcome?: UploadOutcome
  notes: TransferNote[]
  /** Runs of this transfer in this process, the current one included. */
  runs: number
}

export interface Entry {
  summary: TransferSummary
  connection: EngineConnection
  tuning: TransferTuning
  /** The fresh job, kept until the engine journals it: a transfer paused before then starts over. */
  job?: UploadJob
  /** A stream's job: its URL keeps the password, which the journal does not. */
  streamJob?: StreamJob
  /** An SSE-C upload's key, which the journal does not keep either: resumes send it along. */
  customerKey?: CustomerKey
  phase: Phase
  reservation: number
  budget: number
  speed: SpeedMeter
  outcome?: UploadOutcome
  notes: TransferNote[]
  waiters: ((result: TransferResult) => void)[]
  /**
   * Whether its queued journal is on disk (queued-journals.ts): one still being written may not
   * start. A fact about the disk, not a phase: a transfer paused meanwhile keeps it.
   */
  queuedJournal: 'writing' | 'written'
  /** Runs so far (this process); the next failed run is attempt runs for retryLater. */
  runs: number
  /** Its current run was sent to the engine (a cancel then finds its job there). */
  inEngine: boolean
  schedule: ScheduleOptions
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
    phase: { kind: 'idle' },
    reservation,
    budget: memoryBudget(tuning),
    speed: new SpeedMeter(),
    notes: [],
    waiters: [],
    queuedJournal: 'written',
    runs: 0,
    inEngine: false,
    schedule: {},
  }
}

export function resultOf(entry: Entry): TransferResult {
  const result: TransferResult = { summary: { ...entry.summary }, notes: [...entry.notes], runs: entry.runs }
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
