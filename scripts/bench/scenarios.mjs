// The scenarios the runner knows, by letter. Uploads (a-e) send local data to a server; downloads
// (f, g) fetch objects seeded once on radosgw into an empty folder; the sync (h) runs over a tree
// each tool seeded with its own sync, and must find nothing to do.
import { GiB, KiB, MiB } from './bench-data.mjs'

export const SMALL_FILE_SIZE = 64 * KiB
const SYNC_FILE_SIZE = KiB

const sizeName = (n) => (n >= GiB ? `${n / GiB}GiB` : `${n / MiB}MiB`)

/** Every scenario, sized for a full run or for --quick. `op` is upload unless said otherwise. */
export function allScenarios({ quick }) {
  const bigSize = quick ? 256 * MiB : GiB
  const smallCount = quick ? 200 : 1000
  const syncCount = quick ? 1000 : 10_000
  return [
    {
      letter: 'a',
      id: `stub-${sizeName(bigSize)}`,
      title: `one ${sizeName(bigSize)} file to the local S3 stub (the client's ceiling)`,
      target: 'stub',
      op: 'upload',
      kind: 'file',
      bytes: bigSize,
    },
    {
      letter: 'b',
      id: `rgw-${sizeName(bigSize)}`,
      title: `the same ${sizeName(bigSize)} file to radosgw`,
      target: 'radosgw',
      op: 'upload',
      kind: 'file',
      bytes: bigSize,
    },
    {
      letter: 'c',
      id: `rgw-${smallCount}x64KiB`,
      title: `${smallCount} files of 64 KiB to radosgw`,
      target: 'radosgw',
      op: 'upload',
      kind: 'folder',
      bytes: smallCount * SMALL_FILE_SIZE,
      count: smallCount,
      fileSize: SMALL_FILE_SIZE,
    },
    {
      letter: 'e',
      id: `stub-${smallCount}x64KiB`,
      title: `${smallCount} files of 64 KiB to the local S3 stub (the client's ceiling for many files)`,
      target: 'stub',
      op: 'upload',
      kind: 'folder',
      bytes: smallCount * SMALL_FILE_SIZE,
      count: smallCount,
      fileSize: SMALL_FILE_SIZE,
    },
    {
      letter: 'd',
      id: 'stub-4GiB',
      title: 'one 4 GiB file to the local S3 stub (memory bound)',
      target: 'stub',
      op: 'upload',
      kind: 'file',
      bytes: 4 * GiB,
      large: true,
    },
    {
      letter: 'f',
      id: `get-rgw-${sizeName(bigSize)}`,
      title: `one ${sizeName(bigSize)} object from radosgw to disk`,
      target: 'radosgw',
      op: 'download',
      kind: 'file',
      bytes: bigSize,
    },
    {
      letter: 'g',
      id: `get-rgw-${smallCount}x64KiB`,
      title: `${smallCount} objects of 64 KiB from radosgw into an empty folder`,
      target: 'radosgw',
      op: 'download',
      kind: 'folder',
      bytes: smallCount * SMALL_FILE_SIZE,
      count: smallCount,
      fileSize: SMALL_FILE_SIZE,
    },
    {
      letter: 'h',
      id: `sync-rgw-${syncCount}x1KiB`,
      title: `a sync of ${syncCount} files of 1 KiB to radosgw where nothing changed (files/s = files checked per second)`,
      target: 'radosgw',
      op: 'sync',
      kind: 'folder',
      bytes: syncCount * SYNC_FILE_SIZE,
      count: syncCount,
      fileSize: SYNC_FILE_SIZE,
    },
  ]
}
