import { join } from 'node:path'
import type { Subprocess } from 'bun'
import { ROOT } from './mcp-client.ts'

export interface JsonRpcResponse {
  id: number
  result?: Record<string, unknown>
  error?: { code: number; message: string }
}

/**
 * `zava-mcp serve` as a child process spoken to over raw stdio JSON-RPC, so a test can signal it,
 * read its exit code and every stderr line (the SDK's client transport hides both).
 */
export class ServerProcess {
  readonly proc: Subprocess<'pipe', 'pipe', 'pipe'>
  readonly stderrLines: string[] = []
  readonly exited: Promise<number>
  #nextId = 1
  readonly #waiting = new Map<number, (response: JsonRpcResponse) => void>()

  constructor(env: Record<string, string>, args: string[] = []) {
    this.proc = Bun.spawn(['bun', join(ROOT, 'src', 'cli.ts'), 'serve', ...args], {
      env,
      cwd: ROOT,
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
    })
    this.exited = this.proc.exited
    void this.#read(this.proc.stdout, (line) => {
      const message = JSON.parse(line) as JsonRpcResponse
      this.#waiting.get(message.id)?.(message)
      this.#waiting.delete(message.id)
    })
    void this.#read(this.proc.stderr, (line) => this.stderrLines.push(line))
  }

  get pid(): number {
    return this.proc.pid
  }

  /** The stderr lines parsed as JSON (throws on any line that is not). */
  logs(): Record<string, unknown>[] {
    return this.stderrLines.map((line) => JSON.parse(line) as Record<string, unknown>)
  }

  /** Resolves once a log line matches, or rejects after `timeoutMs`. */
  async waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs = 30_000) {
    const deadline = performance.now() + timeoutMs
    while (performance.now() < deadline) {
      const found = this.stderrLines.map((l) => safeParse(l)).find((l) => l && match(l))
      if (found) return found
      await Bun.sleep(20)
    }
    throw new Error(`no matching log line within ${timeoutMs} ms:\n${this.stderrLines.join('\n')}`)
  }

  async initialize(): Promise<void> {
    const response = await this.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'zava-ops-test', version: '1.0.0' },
    })
    if (!response.result)
      throw new Error(`initialize failed: ${JSON.stringify(response)}\n${this.stderrLines.join('\n')}`)
    this.notify('notifications/initialized')
  }

  request(method: string, params: Record<string, unknown> = {}): Promise<JsonRpcResponse> {
    const id = this.#nextId++
    const answered = new Promise<JsonRpcResponse>((resolve) => this.#waiting.set(id, resolve))
    this.#send({ jsonrpc: '2.0', id, method, params })
    return answered
  }

  callTool(name: string, args: Record<string, unknown>) {
    return this.request('tools/call', { name, arguments: args })
  }

  notify(method: string, params: Record<string, unknown> = {}) {
    this.#send({ jsonrpc: '2.0', method, params })
  }

  endInput() {
    this.proc.stdin.end()
  }

  kill(signal: NodeJS.Signals = 'SIGTERM') {
    this.proc.kill(signal)
  }

  #send(message: unknown) {
    this.proc.stdin.write(`${JSON.stringify(message)}\n`)
    this.proc.stdin.flush()
  }

  async #read(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void) {
    const decoder = new TextDecoder()
    let buffer = ''
    for await (const chunk of stream) {
      buffer += decoder.decode(chunk, { stream: true })
      let newline = buffer.indexOf('\n')
      while (newline >= 0) {
        const line = buffer.slice(0, newline).trim()
        buffer = buffer.slice(newline + 1)
        if (line) onLine(line)
        newline = buffer.indexOf('\n')
      }
    }
    if (buffer.trim()) onLine(buffer.trim())
  }
}

function safeParse(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>
  } catch {
    return undefined
  }
}

/** The typed error of a tools/call response, if it is one. */
export function toolError(response: JsonRpcResponse): { code: string; message: string } | undefined {
  const result = response.result as { isError?: boolean; _meta?: Record<string, unknown> } | undefined
  if (!result?.isError) return undefined
  return result._meta?.['zava/error'] as { code: string; message: string }
}
