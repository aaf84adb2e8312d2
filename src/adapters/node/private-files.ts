import { chmodSync, closeSync, mkdirSync, openSync, writeFileSync } from "node:fs";

/**
 * Files that hold secrets or health data. `mode` in `writeFileSync`/`mkdirSync` applies only when
 * the file or folder is created, and then minus the umask: an existing one keeps whatever mode it
 * had. These set the mode every time, whatever the umask and whoever created the path first.
 */

/** A folder only the gateway's user may enter (0700). */
export function privateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
}

/** Writes a file only the gateway's user may read (0600), replacing its content. */
export function writePrivateFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/**
 * Creates the file empty if absent and makes it 0600, before SQLite opens it: SQLite gives its
 * `-wal` and `-shm` files the database file's mode.
 */
export function privateExistingFile(path: string): void {
  closeSync(openSync(path, "a", 0o600));
  chmodSync(path, 0o600);
}
