import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { AppDeps } from "../../core/deps.js";
import { configureSignInClient } from "../../core/services/member-web-session.js";
import { demoTenant, findDemoMember } from "../../core/services/demo-tenant.js";
import { randomSecret } from "../../core/services/api-key-material.js";
import { demoClientId, demoOpenIdProvider, demoProviderMount, demoScope, type DemoProvider } from "./demo-openid-provider.js";
import { devIssuerKid, loadOrCreateDevIssuerKey } from "./dev-issuer-key.js";
import { generateKeyPair, exportJWK } from "jose";

export interface NodeServerOptions {
  fetch: (request: Request) => Response | Promise<Response>;
  port: number;
  host: string;
  /** Demo mode: run the demo OpenID provider under /oidc and let the demo insurer's members sign in with it. */
  demo?: { deps: AppDeps; dataDir?: string | undefined; publicUrl?: string | undefined } | undefined;
}

export interface NodeServer {
  server: Server;
  /** `http://host:port` as bound (port 0 resolved). */
  baseUrl: string;
  demoProvider: DemoProvider | null;
  close(): Promise<void>;
}

/**
 * The Node HTTP server: the Hono app, and in demo mode the demo OpenID provider mounted at /oidc
 * (an http handler of its own: oidc-provider is a Koa app). The provider needs the server's
 * address for its issuer, so it is created once the port is bound; until then /oidc is a 503.
 */
export async function startNodeServer(options: NodeServerOptions): Promise<NodeServer> {
  const app = getRequestListener(options.fetch);
  let provider: DemoProvider | null = null;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    if (options.demo && (url === demoProviderMount || url.startsWith(`${demoProviderMount}/`))) {
      if (provider) return provider.handle(req, res);
      res.writeHead(503).end();
      return;
    }
    void app(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const baseUrl = `http://${host}:${address.port}`;
  if (options.demo) provider = await startDemoProvider(options.demo, options.demo.publicUrl ?? baseUrl, address.port);
  return {
    server,
    baseUrl,
    demoProvider: provider,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function startDemoProvider(demo: NonNullable<NodeServerOptions["demo"]>, origin: string, port: number): Promise<DemoProvider> {
  const signingKey = demo.dataDir ? await loadOrCreateDevIssuerKey(demo.dataDir) : await exportJWK((await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true })).privateKey);
  // A new client secret per start: the provider and the stored registration are set together here.
  const clientSecret = randomSecret(32);
  const loopbackAliases = [`http://127.0.0.1:${port}`, `http://localhost:${port}`].filter((alias) => alias !== origin);
  const provider = await demoOpenIdProvider({
    origin,
    aliases: loopbackAliases,
    signingKey,
    kid: devIssuerKid,
    clientSecret,
    findMember: (key1) => findDemoMember(demo.deps, key1),
    demoMembers: [demoTenant.policyholder.key1, demoTenant.dependent.key1],
  });
  try {
    await configureSignInClient(demo.deps, {
      insurer: demoTenant.insurer.code,
      issuer: provider.issuer,
      clientId: demoClientId,
      clientSecret,
      key1Claim: "key1",
      scope: demoScope,
    });
  } catch (error) {
    // No demo insurer on this database (demo turned on over existing data): the provider runs, nobody uses it.
    demo.deps.logger.error("demo_sign_in_not_configured", { error: error instanceof Error ? error.message : String(error) });
  }
  return provider;
}
