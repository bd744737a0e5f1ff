// The window.ferry names of the bucket, version and archive channels (bucket-contract.ts),
// apart from the schemas so the preload bundles them without zod.
export const bucketBridgeMethods = {
  createBucket: 'buckets:create',
  deleteBucket: 'buckets:delete',
  getVersioning: 'buckets:versioning',
  setVersioning: 'buckets:set-versioning',
  listVersions: 'versions:list',
  restoreVersion: 'versions:restore',
  deleteVersion: 'versions:delete',
  downloadVersion: 'versions:download',
  restoreArchived: 'objects:restore-archived',
} as const

export const findBridgeMethods = {
  findKeys: 'objects:find',
  listPins: 'pins:list',
  addPin: 'pins:add',
  removePin: 'pins:remove',
} as const
