// Certificate authorities added to Node's own roots: a store behind a private CA is reached
// without turning verification off. Where they come from, first found wins, as aws-cli reads
// them: the connection's CA file (the app's connection form, or --ca-bundle), AWS_CA_BUNDLE,
// then ca_bundle in the AWS profile in use. The JS SDK reads none of these itself.
import { readFileSync, statSync } from 'node:fs'
import { X509Certificate } from 'node:crypto'
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls'
import { FerryError } from '../../shared/errors'
import { awsProfileSetting } from './aws-profiles'

/** A CA file and where it was named, for errors that say which setting to fix. */
export interface CaSource {
  path: string
  origin: string
}

export function caSourceOf(
  given: { caFile?: string; profile?: string },
  env: NodeJS.ProcessEnv = process.env,
): CaSource | undefined {
  if (given.caFile)
    return { path: given.caFile, origin: "--ca-bundle (the connection's CA certificate file in the app)" }
  const fromEnv = env['AWS_CA_BUNDLE']
  if (fromEnv) return { path: fromEnv, origin: 'AWS_CA_BUNDLE' }
  const profile = given.profile || env['AWS_PROFILE'] || 'default'
  const fromProfile = awsProfileSetting(profile, 'ca_bundle', env)
  if (fromProfile) return { path: fromProfile, origin: `ca_bundle of AWS profile "${profile}"` }
  return undefined
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

const caFileError = (source: CaSource, problem: string, cause?: unknown): FerryError =>
  new FerryError(
    {
      code: 'bad-setting',
      message: `the CA file ${source.path} (${source.origin}) ${problem}`,
      fix: `Point ${source.origin} at a PEM file holding the certificate authority of the store (-----BEGIN CERTIFICATE----- blocks), or unset it.`,
    },
    cause === undefined ? undefined : { cause },
  )

/** The base64 body of a PEM certificate, for telling certificates apart whatever their line breaks. */
const bodyOf = (pem: string): string => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '')

function pemCertificates(text: string): string[] {
  return text.match(PEM_CERTIFICATE) ?? []
}

/**
 * NODE_EXTRA_CA_CERTS is part of Node's default store, but a store of our own starts from the
 * bundled roots only: read it again so the roots the person already trusts stay trusted. Node 20
 * has no tls.getCACertificates.
 */
function nodeExtraCertificates(env: NodeJS.ProcessEnv): string[] {
  const path = env['NODE_EXTRA_CA_CERTS']
  if (!path) return []
  try {
    return pemCertificates(readFileSync(path, 'utf8'))
  } catch {
    // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS.
    return []
  }
}

let defaultBodies: Set<string> | undefined

/**
 * The certificates of a PEM file that Node's default store lacks, each checked to parse; a clear
 * error for a file that is missing or holds none. A bundle that repeats the system's roots (a
 * common AWS_CA_BUNDLE) adds nothing and costs no store of its own.
 */
export function readCaFile(source: CaSource, env: NodeJS.ProcessEnv = process.env): string[] {
  let text: string
  try {
    text = readFileSync(source.path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const problem =
      code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${code})`
    throw caFileError(source, problem, e)
  }
  const certificates = pemCertificates(text)
  if (certificates.length === 0) throw caFileError(source, 'holds no PEM certificate')
  defaultBodies ??= new Set([...rootCertificates, ...nodeExtraCertificates(env)].map(bodyOf))
  const known = defaultBodies
  const added = certificates.filter((pem) => !known.has(bodyOf(pem)))
  for (const pem of added) {
    try {
      new X509Certificate(pem)
    } catch (e) {
      throw caFileError(source, 'holds a certificate that does not parse', e)
    }
  }
  return added
}

/** Built once per file version. */
const contexts = new Map<string, SecureContext | undefined>()

/**
 * A TLS context trusting Node's default roots (NODE_EXTRA_CA_CERTS included) plus the CA file's
 * certificates, or undefined when no CA file is set or it adds nothing (Node's defaults apply).
 */
export function caContext(
  source: CaSource | undefined,
  env: NodeJS.ProcessEnv = process.env,
): SecureContext | undefined {
  if (!source) return undefined
  let version: string
  try {
    const stat = statSync(source.path)
    version = `${source.path}\0${stat.size}\0${stat.mtimeMs}`
  } catch {
    // readCaFile names the problem.
    readCaFile(source, env)
    return undefined
  }
  if (contexts.has(version)) return contexts.get(version)
  const added = readCaFile(source, env)
  const context = added.length === 0 ? undefined : contextWith([...nodeExtraCertificates(env), ...added])
  contexts.set(version, context)
  return context
}

/**
 * Node's own way of building a `ca` store (SecureContext#addCACert) on a context that starts from
 * the bundled roots: about 1 ms, where createSecureContext({ ca: [...rootCertificates, ...] })
 * parses every root again (200-300 ms measured here).
 */
function contextWith(extra: string[]): SecureContext {
  const context = createSecureContext()
  const native = (context as { context?: { addCACert?: (pem: string) => void } }).context
  if (typeof native?.addCACert !== 'function')
    return createSecureContext({ ca: [...rootCertificates, ...extra] })
  for (const pem of extra) native.addCACert(pem)
  return context
}
