// The engine's bandwidth limit: one link per direction, each shared by every transfer of that
// direction in this process, as aws-cli's max_bandwidth and rclone's --bwlimit hold one total.
// A CLI command is one engine, so its --max-rate (carried by each of its jobs) is one total
// for all its files; the app's engine follows the Settings' limit, which main sends when the
// engine starts and whenever it changes ('bandwidth'): from then on it replaces the rate the
// jobs carry, for transfers already running too. Uploads and downloads keep separate totals:
// the two directions of a line do not take from each other.
import { throwIfStopped } from '../s3/stop-signal'
import { FairLink, type LinkClock } from './fair-link'

export class BandwidthLinks {
  readonly upload: FairLink
  readonly download: FairLink

  constructor(clock?: LinkClock) {
    this.upload = new FairLink(clock)
    this.download = new FairLink(clock)
  }

  /** The limit of both directions from now on, for running transfers too; 0: no limit. */
  setLimit(bytesPerSecond: number): void {
    this.upload.setRate(bytesPerSecond)
    this.download.setRate(bytesPerSecond)
  }

  /**
   * Waits until `bytes` of the upload `flow` (one file's parts together) may be sent under the
   * limit (`bytesPerSecond`, the job's own, unless main set the engine's). A pause or cancel
   * ends the wait at once; whatever the signal's reason, it surfaces as the stop sentinel.
   */
  takeUpload(
    bytes: number,
    bytesPerSecond: number | undefined,
    signal: AbortSignal,
    flow: object,
  ): Promise<void> {
    return this.upload.take(bytes, bytesPerSecond, signal, flow).catch(() => throwIfStopped(signal))
  }
}

const engineLinks = new BandwidthLinks()

export const downloadLink = engineLinks.download
export const setBandwidthLimit = (bytesPerSecond: number): void => engineLinks.setLimit(bytesPerSecond)
export const takeUploadBandwidth: BandwidthLinks['takeUpload'] = (...args) => engineLinks.takeUpload(...args)
