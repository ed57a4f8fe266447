import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { createServer } from '../../server/server'
import type { CliContext } from '../context'

/** Serves the renderer and the API until Ctrl-C; prints the one URL a browser needs. */
export async function serveCommand(ctx: CliContext, opts: { host: string; port: number }): Promise<number> {
  const token = process.env.PARAMSCOPE_TOKEN || randomBytes(24).toString('hex')
  const { dataDir } = await ctx.call('app.info', {})
  const upload = { dir: join(dataDir, 'library', 'uploads') }
  const server = await createServer({ engine: ctx.engine, token, host: opts.host, port: opts.port, staticDir: join(__dirname, '..', 'renderer'), upload })
  const shown = server.host === '0.0.0.0' || server.host === '::' ? '127.0.0.1' : server.host
  process.stdout.write(`ParamScope is serving at http://${shown}:${server.port}/?token=${token}\n`)
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  process.stderr.write('stopping…\n')
  await server.close()
  return 0
}
