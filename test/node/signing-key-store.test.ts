import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fileKeyStore } from "../../src/adapters/node/file-key-store.js";
import { memoryKeyStore, parseSigningKeysSecret } from "../../src/barcode/memory-key-store.js";
import { RotationUnsupportedError, SigningKeys } from "../../src/barcode/signing-keys.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "pharmagate-keys-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const options = { maxTokenTtlSeconds: 86_400, refreshMs: 10_000 };

describe("signing key storage", () => {
  it("creates the first key on first start as a 0600 file in a 0700 directory, and reuses it next start", async () => {
    const dataDir = tempDir();
    const now = new Date("2026-11-25T10:00:00Z");
    const first = new SigningKeys(fileKeyStore(dataDir), options);
    await first.ensureKey(now);
    const files = readdirSync(join(dataDir, "keys"));
    expect(files).toHaveLength(1);
    expect(statSync(join(dataDir, "keys", files[0]!)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, "keys")).mode & 0o777).toBe(0o700);
    const kid = (await first.ring(now)).signer()?.kid;
    const second = new SigningKeys(fileKeyStore(dataDir), options);
    await second.ensureKey(now);
    expect(readdirSync(join(dataDir, "keys"))).toHaveLength(1);
    expect((await second.ring(now)).signer()?.kid).toBe(kid);
  });

  it("a rotation by another process (the CLI) reaches a running server after refreshMs", async () => {
    const dataDir = tempDir();
    const now = new Date("2026-11-25T10:00:00Z");
    const server = new SigningKeys(fileKeyStore(dataDir), options);
    await server.ensureKey(now);
    const before = (await server.ring(now)).signer()?.kid;
    const rotated = await new SigningKeys(fileKeyStore(dataDir), options).rotate(now);
    expect(rotated.kid).not.toBe(before);
    expect((await server.ring(new Date(now.getTime() + 5_000))).signer()?.kid).toBe(before);
    const later = new Date(now.getTime() + 10_000);
    const ring = await server.ring(later);
    expect(ring.signer()?.kid).toBe(rotated.kid);
    expect(ring.jwks(later).keys.map((key) => key.kid)).toEqual([rotated.kid, before]);
  });

  it("orders keys made in the same millisecond: the rotated key always signs", async () => {
    const keys = new SigningKeys(memoryKeyStore(), options);
    const now = new Date("2026-11-25T10:00:00Z");
    await keys.ensureKey(now);
    const second = await keys.rotate(now);
    const third = await keys.rotate(now);
    expect(Date.parse(third.createdAt)).toBeGreaterThan(Date.parse(second.createdAt));
    expect((await keys.ring(now)).signer()?.kid).toBe(third.kid);
  });

  it("a read-only store (the Workers secret) refuses rotation and creates nothing", async () => {
    const keys = new SigningKeys(memoryKeyStore([], { writable: false }), options);
    await keys.ensureKey(new Date());
    expect((await keys.ring(new Date())).signer()).toBeNull();
    await expect(keys.rotate(new Date())).rejects.toBeInstanceOf(RotationUnsupportedError);
  });

  it("parses the SIGNING_KEYS secret and names what is wrong with a bad one", () => {
    expect(parseSigningKeysSecret(undefined)).toEqual([]);
    expect(() => parseSigningKeysSecret('{"kid":"x"}')).toThrow(/JSON array/);
    expect(() => parseSigningKeysSecret('[{"kid":"x","createdAt":"yesterday","privateJwk":{}}]')).toThrow(/SIGNING_KEYS\[0\]/);
  });
});
