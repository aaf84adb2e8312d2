import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, startServer } from "../../bench/lib/server.js";
import type { DemoCredentials } from "../../src/adapters/node/demo-seed.js";
import { readSettings } from "../../src/core/config.js";

// Node only: demo mode is the Node entry's (Workers never create a demo tenant).

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "pharmagate-demo-mode-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const bearer = (key: string) => ({ headers: { Authorization: `Bearer ${key}` } });

describe("demo mode only on purpose (settings)", () => {
  it("is on by default on loopback, off by default elsewhere and on Workers, and refuses DEMO=1 off loopback", () => {
    expect(readSettings({}, "node").demo).toBe(true);
    expect(readSettings({ HOST: "localhost" }, "node").demo).toBe(true);
    expect(readSettings({ HOST: "0.0.0.0" }, "node").demo).toBe(false);
    expect(readSettings({ HOST: "10.1.2.3", DEMO: "0" }, "node").demo).toBe(false);
    expect(readSettings({}, "workers").demo).toBe(false);
    expect(() => readSettings({ HOST: "0.0.0.0", DEMO: "1" }, "node")).toThrow(/DEMO=1 with HOST=0\.0\.0\.0.*only runs on loopback/);
  });

  it("refuses an ADMIN_API_KEY shorter than 32 characters without echoing it", () => {
    const attempt = () => readSettings({ ADMIN_API_KEY: "ak_letmein" }, "node");
    expect(attempt).toThrow(/ADMIN_API_KEY: at least 32 characters/);
    expect(attempt).not.toThrow(/letmein/);
    expect(readSettings({ ADMIN_API_KEY: "ak_".padEnd(32, "x") }, "node").adminKey).toHaveLength(32);
  });

  it("refuses to start the Node entry with DEMO=1 on a non-loopback HOST, with the reason on stderr", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/node.ts"], {
      cwd: repoRoot,
      env: { ...process.env, HOST: "0.0.0.0", PORT: "0", DEMO: "1", DATA_DIR: freshDir() },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status, result.stdout).not.toBe(0);
    expect(result.stderr).toContain("DEMO=1 with HOST=0.0.0.0");
  });
});

describe("demo rows are switched off when the gateway starts with demo off", () => {
  it("revokes the demo keys, stops trusting the dev issuer and refuses the demo insurer's legacy codes", async () => {
    const dataDir = freshDir();
    const env = { PORT: "0", DATA_DIR: dataDir, RATE_LIMITS: "off", LOG_LEVEL: "silent" };
    // `npm start` on a laptop: DEMO unset, HOST unset (loopback) → the demo tenant.
    const laptop = await startServer("src/node.ts", env);
    const credentials = JSON.parse(readFileSync(join(dataDir, "demo-credentials.json"), "utf8")) as DemoCredentials;
    const holder = credentials.members[0]!;
    const verify = (url: string) =>
      fetch(`${url}/v1/barcodes/verify`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${credentials.pharmacy.apiKey}` },
        body: JSON.stringify({ barcode: `${holder.insurer}${holder.key1}` }),
      });
    try {
      expect((await fetch(`${laptop.url}/v1/admin/parked`, bearer(credentials.adminKey))).status).toBe(200);
      expect((await fetch(`${laptop.url}/v1/me`, bearer(holder.accessToken))).status).toBe(200);
      expect(await (await verify(laptop.url)).json()).toMatchObject({ valid: true });
    } finally {
      await laptop.stop();
    }

    // The same data on a server: HOST=0.0.0.0 with DEMO unset → demo off, and switched off.
    const server = await startServer("src/node.ts", { ...env, HOST: "0.0.0.0" });
    try {
      for (const key of [credentials.adminKey, credentials.insurer.apiKey, credentials.pharmacy.apiKey, holder.accessToken]) {
        const [method, path] = key.startsWith("ak_") ? ["GET", "/v1/admin/parked"] : key.startsWith("ik_") ? ["POST", "/v1/exports"] : key.startsWith("pk_") ? ["GET", "/v1/bvac/x"] : ["GET", "/v1/me"];
        expect((await fetch(`${server.url}${path}`, { method, ...bearer(key) })).status, path).toBe(401);
      }
    } finally {
      await server.stop();
    }
    // Back on the laptop the keys stay revoked (the file's keys are dead; a fresh DATA_DIR makes a new demo).
    const again = await startServer("src/node.ts", env);
    try {
      expect((await fetch(`${again.url}/v1/admin/parked`, bearer(credentials.adminKey))).status).toBe(401);
      const insurers = (await (await fetch(`${again.url}/v1/insurers`)).json()) as { insurers: Array<{ code: string; legacyBarcodes: string }> };
      expect(insurers.insurers.find((insurer) => insurer.code === holder.insurer)).toMatchObject({ legacyBarcodes: "reject" });
    } finally {
      await again.stop();
    }
  });
});

describe("file modes regardless of umask", () => {
  it("makes the data folder 0700 and the database and credentials 0600 even when they already existed wider", async () => {
    const dataDir = freshDir();
    const { chmodSync, writeFileSync } = await import("node:fs");
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, "pharmagate.sqlite"), "");
    chmodSync(join(dataDir, "pharmagate.sqlite"), 0o644);
    const server = await startServer("src/node.ts", { PORT: "0", DATA_DIR: dataDir, LOG_LEVEL: "silent" });
    await server.stop();
    const mode = (path: string) => statSync(join(dataDir, path)).mode & 0o777;
    expect(mode(".")).toBe(0o700);
    expect(mode("pharmagate.sqlite")).toBe(0o600);
    expect(mode("demo-credentials.json")).toBe(0o600);
    expect(mode("keys")).toBe(0o700);
  });

  it("writes `keys secret` output 0600 over an existing wider file", async () => {
    const dataDir = freshDir();
    const { chmodSync, writeFileSync } = await import("node:fs");
    const file = join(dataDir, "signing-keys.json");
    writeFileSync(file, "[]\n");
    chmodSync(file, 0o644);
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "keys", "secret", "--file", file], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dataDir, DEMO: "0" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toHaveLength(1);
  });
});
