import { execFile, type SpawnOptions } from 'node:child_process'

/**
 * How a command trainer's whole process tree is started and stopped on each platform. On Linux and
 * macOS the script leads its own process group (`detached`), and a signal to the negative pid
 * reaches every process in it. Windows has no process groups to signal: `taskkill /T` walks the
 * tree from the script's pid instead (`/F` to force), and `detached` would open a console window
 * there, so the script stays attached with its window hidden.
 */
export interface TreePlatform {
  platform: NodeJS.Platform
  /** Runs a program with no shell, output ignored (taskkill on Windows). */
  run(file: string, args: string[]): void
  /** Sends a signal to a pid (negative: a process group). */
  kill(pid: number, signal: NodeJS.Signals): void
}

export const nodePlatform: TreePlatform = {
  platform: process.platform,
  run: (file, args) => {
    // A tree that is gone already makes taskkill exit non-zero: nothing to do then.
    execFile(file, args, { shell: false, windowsHide: true }, () => undefined)
  },
  kill: (pid, signal) => process.kill(pid, signal)
}

/** The spawn options that make a process tree `signalTree` can reach. */
export function treeSpawnOptions(p: Pick<TreePlatform, 'platform'> = nodePlatform): Pick<SpawnOptions, 'detached' | 'windowsHide'> {
  return p.platform === 'win32' ? { detached: false, windowsHide: true } : { detached: true }
}

/**
 * Signals every process of the tree started as `pid`: SIGKILL kills it, SIGTERM asks it to stop
 * (on Windows `taskkill /T` without `/F`, which console programs ignore: the stop file and the
 * forced kill after the grace period are what stop them there). A tree that is gone is no error.
 */
export function signalTree(pid: number, signal: NodeJS.Signals, p: TreePlatform = nodePlatform): void {
  if (p.platform === 'win32') {
    p.run('taskkill', signal === 'SIGKILL' ? ['/pid', String(pid), '/T', '/F'] : ['/pid', String(pid), '/T'])
    return
  }
  try {
    p.kill(-pid, signal)
  } catch {
    // ESRCH: every process of the group has exited.
  }
}
