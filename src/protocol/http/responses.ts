/**
 * A JSON-RPC error with no id, as the SDK's transport answers HTTP-level faults: MCP clients
 * read the message from it whatever the status.
 */
export function jsonRpcError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
  code = -32000,
): Response {
  return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  })
}
