import { generateSigningKey, KeyRing, type StoredSigningKey } from "./key-ring.js";

/** Where the private signing keys live: files on Node, a secret on Workers. */
export interface KeyStore {
  load(): Promise<StoredSigningKey[]>;
  /** Persists a new key. Absent when the store is read-only to the gateway (a Workers secret). */
  add?: (key: StoredSigningKey) => Promise<void>;
}

export class RotationUnsupportedError extends Error {}

export interface SigningKeysOptions {
  maxTokenTtlSeconds: number;
  /**
   * How long a loaded ring is trusted before the store is read again, so a key rotated by another
   * process (the CLI next to a running server) is picked up without a restart.
   */
  refreshMs: number;
}

/** The key ring as the app sees it: loaded lazily, refreshed now and then, rotated on demand. */
export class SigningKeys {
  #cached: { ring: Promise<KeyRing>; loadedAt: number } | undefined;

  constructor(
    private readonly store: KeyStore,
    readonly options: SigningKeysOptions,
  ) {}

  get canRotate(): boolean {
    return this.store.add !== undefined;
  }

  ring(now: Date): Promise<KeyRing> {
    const cached = this.#cached;
    if (cached && now.getTime() - cached.loadedAt < this.options.refreshMs) return cached.ring;
    const ring = this.store.load().then((keys) => KeyRing.load(keys, this.options.maxTokenTtlSeconds));
    // A failed load is not cached: the next request tries again.
    ring.catch(() => {
      if (this.#cached?.ring === ring) this.#cached = undefined;
    });
    this.#cached = { ring, loadedAt: now.getTime() };
    return ring;
  }

  /** Makes a new current key; the previous ones keep verifying until their tokens have expired. */
  async rotate(now: Date): Promise<StoredSigningKey> {
    if (!this.store.add) throw new RotationUnsupportedError("this key store is read-only");
    // Order is by creation time: never let a new key tie with (or predate) the current one.
    const latest = Math.max(0, ...(await this.store.load()).map((stored) => Date.parse(stored.createdAt)));
    const key = await generateSigningKey(new Date(Math.max(now.getTime(), latest + 1)));
    await this.store.add(key);
    this.#cached = undefined;
    return key;
  }

  /** Creates the first key when the store is writable and empty (first start). */
  async ensureKey(now: Date): Promise<void> {
    if (this.store.add && (await this.store.load()).length === 0) await this.rotate(now);
  }
}
