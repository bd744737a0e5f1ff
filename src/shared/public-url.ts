// The public address of an object behind a per-connection base URL (a CDN, a website, a
// bucket policy that allows anonymous GET): base + "/" + key, each key segment percent-encoded
// so spaces, "#", "?" and non-ASCII names survive. The bucket is not part of it: the base
// already points at the bucket (or at the folder the CDN serves), as S3Streamer's `domain` does.

export function publicUrl(base: string, key: string): string {
  const path = key.split('/').map(encodeURIComponent).join('/')
  return `${base.replace(/\/+$/, '')}/${path}`
}
