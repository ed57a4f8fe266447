import { randomBytes } from 'node:crypto'
import { isIPv4 } from 'node:net'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { createServer } from '../../server/server'
import type { CliContext } from '../context'

/** Whether only this machine can reach an address: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  if (h === 'localhost' || h === '::1') return true
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h
  return isIPv4(v4) && v4.startsWith('127.')
}

/**
 * What `serve` says when bound beyond loopback: the token and every request then cross the
 * network as plain HTTP, which an SSH tunnel to the default 127.0.0.1 avoids.
 */
export function exposureWarning(host: string, port: number): string | null {
  if (isLoopbackHost(host)) return null
  return [
    `Warning: --host ${host} serves ParamScope beyond this machine over plain HTTP: the token and everything sent travel`,
    'unencrypted, and anyone who reads the token on the way can run trainings and read your data.',
    `Safer: serve on the default 127.0.0.1 (paramscope serve --port ${port}) and reach it through an SSH tunnel from your computer:`,
    `  ssh -L ${port}:127.0.0.1:${port} user@${hostname()}`,
    `then open http://127.0.0.1:${port}/?token=<token> there.`
  ].join('\n')
}

/** Serves the renderer and the API until Ctrl-C; prints the one URL a browser needs. */
export async function serveCommand(ctx: CliContext, opts: { host: string; port: number }): Promise<number> {
  const token = process.env.PARAMSCOPE_TOKEN || randomBytes(24).toString('hex')
  const { dataDir } = await ctx.call('app.info', {})
  const upload = { dir: join(dataDir, 'library', 'uploads') }
  const server = await createServer({ engine: ctx.engine, token, host: opts.host, port: opts.port, staticDir: join(__dirname, '..', 'renderer'), upload })
  const shown = server.host === '0.0.0.0' || server.host === '::' ? '127.0.0.1' : server.host
  const warning = exposureWarning(server.host, server.port)
  if (warning) process.stderr.write(`${warning}\n`)
  process.stdout.write(`ParamScope is serving at http://${shown}:${server.port}/?token=${token}\n`)
  // Ctrl-C, SIGTERM (a service manager, the launcher) or SIGHUP (the terminal went away) stop it.
  // These may come twice (to the process and to its group); only a second Ctrl-C quits at once.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  let stop: (() => void) | undefined
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop && signal === 'SIGINT') process.exit(130)
    stop?.()
    stop = undefined
  }
  for (const s of signals) process.on(s, onSignal)
  await stopped
  process.stderr.write('stopping…\n')
  await server.close()
  for (const s of signals) process.off(s, onSignal)
  return 0
}
