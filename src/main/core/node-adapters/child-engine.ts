import { fork, type ChildProcess } from 'node:child_process'
import { isDeepStrictEqual } from 'node:util'
import type { EngineToMain, MainToEngine } from '../../../shared/engine-protocol'
import type { EngineLauncher } from '../ports'

export interface ChildEngineOptions {
  /**
   * The engine lives for one command (the CLI's). V8's optimizing compiler then costs more CPU
   * than its code saves: without it, 1,000 files of 64 KiB took about 17% less CPU and a 1 GiB
   * file the same (README, "Measured"). Long-lived engines (the daemon, the app) keep it.
   */
  shortLived?: boolean
}

function forkEngine(entryPath: string, env: NodeJS.ProcessEnv, options: ChildEngineOptions): ChildProcess {
  return fork(entryPath, [], {
    env,
    execArgv: options.shortLived ? [...process.execArgv, '--no-opt'] : process.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
}

interface Prestarted {
  entryPath: string
  env: NodeJS.ProcessEnv
  options: ChildEngineOptions
  child: ChildProcess
  /** What it said before anyone listened ('ready' above all): a ChildProcess drops unheard messages. */
  heard: EngineToMain[]
  hear: (message: unknown) => void
}

let prestarted: Prestarted | undefined

/**
 * Starts an engine process now, for the launcher made with the same arguments to take over.
 * A CLI command that will upload overlaps the engine's start-up (Node, then the AWS SDK: about
 * 0.4 s here) with its own loading and planning, instead of paying for the two in a row.
 * Until taken, the process holds nothing open: a command that ends without it (a usage error)
 * exits as usual, and the engine follows when its channel closes. Returns its pid.
 */
export function prestartEngine(
  entryPath: string,
  env: NodeJS.ProcessEnv = process.env,
  options: ChildEngineOptions = {},
): number | undefined {
  if (prestarted) return prestarted.child.pid
  const child = forkEngine(entryPath, env, options)
  const heard: EngineToMain[] = []
  const hear = (message: unknown) => heard.push(message as EngineToMain)
  child.on('message', hear)
  // An error starting it (spawn failure) must not crash the command: the launcher forks anew.
  child.on('error', () => {})
  child.unref()
  child.channel?.unref()
  prestarted = { entryPath, env, options, child, heard, hear }
  return child.pid
}

/** The prestarted engine, if it was started for exactly this launcher and is still alive. */
function takePrestarted(
  entryPath: string,
  env: NodeJS.ProcessEnv,
  options: ChildEngineOptions,
): Pick<Prestarted, 'child' | 'heard'> | undefined {
  const early = prestarted
  if (!early) return undefined
  prestarted = undefined
  const { child } = early
  const same =
    early.entryPath === entryPath &&
    Boolean(early.options.shortLived) === Boolean(options.shortLived) &&
    (early.env === env || isDeepStrictEqual(early.env, env))
  if (!same || child.exitCode !== null || child.signalCode !== null || !child.connected) {
    child.kill('SIGKILL')
    return undefined
  }
  child.off('message', early.hear)
  child.ref()
  child.channel?.ref()
  return { child, heard: early.heard }
}

/** The Node adapter of the engine host: the same entry file as the app's utility process. */
export function childProcessEngine(
  entryPath: string,
  env: NodeJS.ProcessEnv = process.env,
  options: ChildEngineOptions = {},
): EngineLauncher {
  return () => {
    const early = takePrestarted(entryPath, env, options)
    const child = early?.child ?? forkEngine(entryPath, env, options)
    const heard = early?.heard ?? []
    return {
      send: (message: MainToEngine) => {
        if (child.connected) child.send(message)
      },
      onMessage: (listener) => {
        for (const m of heard.splice(0)) listener(m)
        child.on('message', (m) => listener(m as EngineToMain))
      },
      onExit: (listener) => child.once('exit', (code) => listener(code)),
      kill: () => child.kill('SIGKILL'),
      pid: child.pid,
    }
  }
}
