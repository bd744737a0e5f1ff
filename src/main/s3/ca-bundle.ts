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

/** The certificates of a PEM file, each one checked to parse; a clear error otherwise. */
export function readCaFile(source: CaSource): string[] {
  let text: string
  try {
    text = readFileSync(source.path, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const problem =
      code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder' : `cannot be read (${code})`
    throw caFileError(source, problem, e)
  }
  const certificates = text.match(PEM_CERTIFICATE) ?? []
  if (certificates.length === 0) throw caFileError(source, 'holds no PEM certificate')
  for (const pem of certificates) {
    try {
      new X509Certificate(pem)
    } catch (e) {
      throw caFileError(source, 'holds a certificate that does not parse', e)
    }
  }
  return certificates
}

/**
 * NODE_EXTRA_CA_CERTS is part of Node's default store, but giving TLS a `ca` list replaces that
 * store: read it again so the roots the person already trusts stay trusted. Node 20 has no
 * tls.getCACertificates.
 */
function nodeExtraCertificates(env: NodeJS.ProcessEnv): string[] {
  const path = env['NODE_EXTRA_CA_CERTS']
  if (!path) return []
  try {
    return readFileSync(path, 'utf8').match(PEM_CERTIFICATE) ?? []
  } catch {
    // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS.
    return []
  }
}

/** Built once per file version: a context of ~300 roots costs milliseconds to build. */
const contexts = new Map<string, SecureContext>()

/**
 * The TLS context with the extra CA added to Node's roots, or undefined when no CA file is set
 * (Node's defaults then apply unchanged).
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
  } catch (e) {
    // readCaFile names the problem.
    readCaFile(source)
    throw e
  }
  let context = contexts.get(version)
  if (!context) {
    const extra = readCaFile(source)
    context = createSecureContext({ ca: [...rootCertificates, ...nodeExtraCertificates(env), ...extra] })
    contexts.set(version, context)
  }
  return context
}
