import fs from 'node:fs'
import path from 'node:path'
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { AppError } from '../../../shared/errors'
import { APPLICATION_ID, migrate, type Migration, migrations } from './migrations'

/** How long a statement waits for a lock held by another connection (a CLI reading the file). */
const BUSY_TIMEOUT_MS = 5000

/**
 * Opens (creating when absent) a ParamScope data file and migrates it. WAL lets readers run
 * beside the one writer; synchronous=NORMAL is durable across application crashes in WAL mode
 * and only risks the last transactions on power loss, which metric ingest can afford.
 */
export function openDatabase(file: string, list: readonly Migration[] = migrations): Database {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const db = new BetterSqlite3(file)
  try {
    // The first read is where SQLite notices a file that is not a database at all.
    checkIdentity(db, file)
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    db.pragma('synchronous = NORMAL')
    migrate(db, list)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

function checkIdentity(db: Database, file: string): void {
  let appId: number
  let tableCount: number
  try {
    appId = db.pragma('application_id', { simple: true }) as number
    tableCount = (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    throw new AppError('UNSUPPORTED', `${file} is not a ParamScope data file (${reason}).`, { file })
  }
  const isOurs = appId === APPLICATION_ID
  const isEmpty = appId === 0 && tableCount === 0
  if (!isOurs && !isEmpty) {
    throw new AppError('UNSUPPORTED', `${file} is a SQLite database of another application, not a ParamScope data file.`, {
      file
    })
  }
}
