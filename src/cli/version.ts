// The version `ferry --version` prints: package.json's, bundled at build time so that the
// built CLI needs no package.json beside it.
import { version } from '../../package.json'

export const FERRY_VERSION: string = version
