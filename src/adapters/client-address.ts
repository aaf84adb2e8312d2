import type { ClientAddress } from "../core/deps.js";

/**
 * Node: the socket's peer address (@hono/node-server hands the app `{ incoming }`), or, behind a
 * reverse proxy, the header it sets (`CLIENT_ADDRESS_HEADER`). A proxy appends to
 * `X-Forwarded-For`, so the last entry is the one it saw; anything before it the client wrote.
 */
export function nodeClientAddress(trustedHeader: string | undefined): ClientAddress {
  if (trustedHeader) {
    return (request) => request.headers.get(trustedHeader)?.split(",").at(-1)?.trim() || null;
  }
  return (_request, runtimeEnv) => (runtimeEnv as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? null;
}

/** Workers: Cloudflare sets `CF-Connecting-IP` on every request from outside; a client cannot. */
export const workersClientAddress: ClientAddress = (request) => request.headers.get("cf-connecting-ip");
