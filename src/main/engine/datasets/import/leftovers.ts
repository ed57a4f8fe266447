import { join } from 'node:path'

/** Where `POST /upload` stores browser-dropped files, inside the library. */
export const uploadsDirOf = (libraryDir: string): string => join(libraryDir, 'uploads')
