import type { Database, OpenIdClientRegistration, Statement } from "../ports.js";

/** The gateway's registration at one insurer's OpenID provider, for member sign-in in a browser. */
export interface SignInClient extends OpenIdClientRegistration {
  insurer: string;
  key1Claim: string;
}

interface ClientRow {
  insurer: string;
  issuer: string;
  client_id: string;
  client_secret: string | null;
  key1_claim: string;
  scope: string;
}

const clientOf = (row: ClientRow): SignInClient => ({
  insurer: row.insurer,
  issuer: row.issuer,
  clientId: row.client_id,
  ...(row.client_secret === null ? {} : { clientSecret: row.client_secret }),
  key1Claim: row.key1_claim,
  scope: row.scope,
});

export function upsertSignInClient(client: SignInClient): Statement {
  return {
    sql: `INSERT INTO member_sign_in_clients (insurer, issuer, client_id, client_secret, key1_claim, scope) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (insurer) DO UPDATE SET issuer = excluded.issuer, client_id = excluded.client_id,
            client_secret = excluded.client_secret, key1_claim = excluded.key1_claim, scope = excluded.scope`,
    params: [client.insurer, client.issuer, client.clientId, client.clientSecret ?? null, client.key1Claim, client.scope],
  };
}

export async function findSignInClient(db: Database, insurer: string): Promise<SignInClient | null> {
  const row = await db.first<ClientRow>("SELECT * FROM member_sign_in_clients WHERE insurer = ?", [insurer]);
  return row ? clientOf(row) : null;
}

/** Insurers whose members can sign in here with a browser, for the home page's choice. */
export function listSignInInsurers(db: Database): Promise<Array<{ code: string; name: string }>> {
  return db.all<{ code: string; name: string }>(
    "SELECT i.code, i.name FROM member_sign_in_clients c JOIN insurers i ON i.code = c.insurer ORDER BY i.name, i.code",
  );
}

export interface SignInAttempt {
  insurer: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  createdAt: string;
}

export function insertSignInAttempt(handleHash: string, attempt: SignInAttempt): Statement {
  return {
    sql: `INSERT INTO member_sign_in_attempts (handle_hash, insurer, state, nonce, code_verifier, return_to, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?)`,
    params: [handleHash, attempt.insurer, attempt.state, attempt.nonce, attempt.codeVerifier, attempt.returnTo, attempt.createdAt],
  };
}

/** Forgets sign-ins started before `startedBefore` (never finished: the member left at the provider). */
export const deleteStaleSignInAttempts = (startedBefore: string): Statement => ({
  sql: "DELETE FROM member_sign_in_attempts WHERE created_at < ?",
  params: [startedBefore],
});

/** Takes an attempt: read and delete in one statement, so a callback can be used once only. */
export async function takeSignInAttempt(db: Database, handleHash: string): Promise<SignInAttempt | null> {
  const row = await db.first<{ insurer: string; state: string; nonce: string; code_verifier: string; return_to: string; created_at: string }>(
    "DELETE FROM member_sign_in_attempts WHERE handle_hash = ? RETURNING insurer, state, nonce, code_verifier, return_to, created_at",
    [handleHash],
  );
  return row
    ? { insurer: row.insurer, state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to, createdAt: row.created_at }
    : null;
}

export interface StoredSession {
  insurer: string;
  key1: string;
  csrfToken: string;
  issuer: string;
  idToken: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

interface SessionRow {
  insurer: string;
  key1: string;
  csrf_token: string;
  issuer: string;
  id_token: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export function insertSession(idHash: string, session: StoredSession): Statement {
  return {
    sql: `INSERT INTO member_sessions (id_hash, insurer, key1, csrf_token, issuer, id_token, created_at, last_seen_at, expires_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    params: [idHash, session.insurer, session.key1, session.csrfToken, session.issuer, session.idToken, session.createdAt, session.lastSeenAt, session.expiresAt],
  };
}

export const deleteSession = (idHash: string): Statement => ({ sql: "DELETE FROM member_sessions WHERE id_hash = ?", params: [idHash] });

/** Sessions past their absolute end; idle ones are removed when next presented. */
export const deleteExpiredSessions = (now: string): Statement => ({ sql: "DELETE FROM member_sessions WHERE expires_at <= ?", params: [now] });

export async function findSession(db: Database, idHash: string): Promise<StoredSession | null> {
  const row = await db.first<SessionRow>("SELECT * FROM member_sessions WHERE id_hash = ?", [idHash]);
  return row
    ? {
        insurer: row.insurer,
        key1: row.key1,
        csrfToken: row.csrf_token,
        issuer: row.issuer,
        idToken: row.id_token,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
      }
    : null;
}

/** Marks the session used at `now`; written at most once per `coarserThan` so each page view is not a write. */
export const touchSession = (idHash: string, now: string, coarserThan: string): Statement => ({
  sql: "UPDATE member_sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?",
  params: [now, idHash, coarserThan],
});
