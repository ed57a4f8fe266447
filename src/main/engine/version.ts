import pkg from '../../../package.json'

/** The engine's version, recorded on every run. */
export const engineVersion: string = pkg.version
