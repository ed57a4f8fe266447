import { join } from 'node:path'

/** Where `POST /upload` stores browser-dropped files, inside the library. */
export const uploadsDirOf = (libraryDir: string): string => join(libraryDir, 'uploads')

/** The name prefix of an upload still arriving; the server renames the file once the body is whole. */
export const PARTIAL_UPLOAD = '.partial-'
