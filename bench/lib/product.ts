import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DemoCredentials } from "../../src/adapters/node/demo-seed.js";
import { productRoot, startServer, type RunningServer } from "./server.js";

export interface ProductServer extends RunningServer {
  dataDir: string;
  credentials: DemoCredentials;
  /** Starts the gateway again on the same DATA_DIR (after a stop or a kill -9). */
  restart(): Promise<ProductServer>;
  /** Stops the server and deletes its data. */
  dispose(): Promise<void>;
}

/**
 * The real gateway (`src/node.ts`) as a child process on a fresh DATA_DIR with the demo tenant.
 * Rate limits are off by default here: the bench and the durability test drive one demo key far
 * beyond what a pharmacy does, on purpose. The checkout is `root`: `productRoot` (`BENCH_PRODUCT_DIR`) unless given.
 */
export async function startProduct(port: number, env: Record<string, string> = {}, nodeArgs: string[] = [], dataDir?: string, root: string = productRoot): Promise<ProductServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "pharmagate-product-"));
  const fullEnv = { PORT: String(port), DATA_DIR: dir, DEMO: "1", RATE_LIMITS: "off", ...env };
  const server = await startServer("src/node.ts", fullEnv, nodeArgs, root);
  const credentials = JSON.parse(readFileSync(join(dir, "demo-credentials.json"), "utf8")) as DemoCredentials;
  const product: ProductServer = {
    ...server,
    dataDir: dir,
    credentials,
    restart: () => startProduct(port, env, nodeArgs, dir, root),
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return product;
}
