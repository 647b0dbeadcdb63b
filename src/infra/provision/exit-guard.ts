type SyncCleanup = () => void

const pending = new Map<symbol, SyncCleanup>()
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
const signalHandlers = new Map(signals.map((signal) => [signal, () => onSignal(signal)]))
let installed = false

/**
 * Registers a synchronous last-resort cleanup (stop a cluster, remove a container) that runs if the
 * process exits or is killed by SIGINT/SIGTERM/SIGHUP before the resource's own `stop()`.
 * Returns the function that unregisters it; call that from `stop()`.
 */
export function onExitCleanup(cleanup: SyncCleanup): () => void {
  const key = Symbol('cleanup')
  pending.set(key, cleanup)
  install()
  return () => {
    pending.delete(key)
    if (pending.size === 0) uninstall()
  }
}

function runAll(): void {
  for (const [key, cleanup] of pending) {
    pending.delete(key)
    try {
      cleanup()
    } catch {
      // best effort: the process is going away anyway
    }
  }
}

function onSignal(signal: (typeof signals)[number]): void {
  runAll()
  uninstall()
  // Re-raise with the guard gone, so the other listeners decide as if it had never been there: with
  // none the process dies; signal-exit (used by testcontainers' lock file) only re-raises when it
  // counts no foreign listeners, so without this the process would neither die nor exit.
  process.kill(process.pid, signal)
}

function install(): void {
  if (installed) return
  installed = true
  process.on('exit', runAll)
  for (const [signal, handler] of signalHandlers) process.on(signal, handler)
}

function uninstall(): void {
  if (!installed) return
  installed = false
  process.off('exit', runAll)
  for (const [signal, handler] of signalHandlers) process.off(signal, handler)
}
