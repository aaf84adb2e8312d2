import { timingSafeEqual } from "node:crypto";
import { Buffer } from "node:buffer";
import type { AppDeps } from "../deps.js";
import { ApiError } from "../errors.js";
import type { MemberPrincipal } from "../principal.js";
import { findInsurer } from "../store/insurers.js";
import { findMemberProfile } from "../store/member-profile.js";
import {
  deleteExpiredSessions,
  deleteSession,
  deleteStaleSignInAttempts,
  findSession,
  findSignInClient,
  insertSession,
  insertSignInAttempt,
  listSignInInsurers,
  takeSignInAttempt,
  touchSession,
  upsertSignInClient,
  type SignInClient,
} from "../store/member-sign-in.js";
import { run } from "../store/sql.js";
import { randomSecret } from "./api-key-material.js";
import { sha256Hex } from "../../bvac/sha256.js";

/**
 * Members in a browser: sign-in with the insurer's OpenID provider (code flow + PKCE), then a
 * server-side session. The browser holds random handles only (the sign-in attempt's, then the
 * session's); the database holds their SHA-256, so neither a database copy nor a log line can
 * replay them.
 */

export type { SignInClient };

/** A sign-in not finished within this is forgotten: the member starts again. */
const signInAttemptSeconds = 10 * 60;
/** `last_seen_at` is rewritten at most this often, so reading pages is not a write each time. */
const touchGranularitySeconds = 60;

type SessionDeps = Pick<AppDeps, "db" | "databases" | "clock" | "config" | "openId">;

const plusSeconds = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000).toISOString();

export const signInInsurers = (deps: Pick<AppDeps, "db">) => listSignInInsurers(deps.db);

/** Stores (or replaces) the gateway's client registration at an insurer's provider. */
export async function configureSignInClient(deps: Pick<AppDeps, "db">, client: SignInClient): Promise<SignInClient> {
  if (!(await findInsurer(deps.db, client.insurer))) throw new ApiError("not_found", "No insurer with that code.");
  await run(deps.db, upsertSignInClient(client));
  return client;
}

/** Only a path on this site may follow the sign-in: never another origin (an open redirect). */
export const safeReturnPath = (path: string | undefined): string =>
  path && /^\/(?![/\\])[\x21-\x7e]{0,500}$/.test(path) ? path : "/card";

/**
 * Starts a sign-in at the insurer's provider: random state, nonce and PKCE verifier, stored under
 * a fresh handle for the browser's cookie. Returns the handle and where to send the browser.
 */
export async function startWebSignIn(
  deps: SessionDeps,
  request: { insurer: string; redirectUri: string; returnTo?: string | undefined },
): Promise<{ handle: string; authorizationUrl: URL; handleMaxAgeSeconds: number }> {
  const client = await findSignInClient(deps.db, request.insurer);
  if (!client) throw new ApiError("not_found", "This insurer offers no sign-in here.");
  const secrets = deps.openId.newSecrets();
  const authorizationUrl = await deps.openId.authorizationUrl(client, request.redirectUri, secrets);
  const handle = randomSecret(32);
  const now = deps.clock.now();
  await deps.db.batch([
    deleteStaleSignInAttempts(plusSeconds(now, -signInAttemptSeconds)),
    insertSignInAttempt(sha256Hex(handle), {
      insurer: client.insurer,
      ...secrets,
      returnTo: safeReturnPath(request.returnTo),
      createdAt: now.toISOString(),
    }),
  ]);
  return { handle, authorizationUrl, handleMaxAgeSeconds: signInAttemptSeconds };
}

/**
 * Finishes a sign-in: the attempt named by the browser's handle is taken (once), the provider's
 * answer checked against it, the member looked up on the roster, and a NEW session created, the
 * browser's previous one (if any) deleted in the same batch (no session fixation).
 */
export async function finishWebSignIn(
  deps: SessionDeps,
  request: { handle: string | undefined; callbackUrl: URL; redirectUri: string; previousSessionId: string | undefined },
): Promise<{ sessionId: string; returnTo: string; maxAgeSeconds: number }> {
  const now = deps.clock.now();
  const attempt = request.handle ? await takeSignInAttempt(deps.db, sha256Hex(request.handle)) : null;
  if (!attempt || attempt.createdAt < plusSeconds(now, -signInAttemptSeconds)) {
    throw new ApiError("unauthenticated", "This sign-in has expired or was already used; please sign in again.");
  }
  const client = await findSignInClient(deps.db, attempt.insurer);
  if (!client) throw new ApiError("unauthenticated", "This insurer no longer offers sign-in here.");
  const signedIn = await deps.openId.finish(client, request.callbackUrl, request.redirectUri, attempt, client.key1Claim);
  const key1 = signedIn.claims[client.key1Claim];
  if (typeof key1 !== "string" || !/^\d{10}$/.test(key1)) {
    throw new ApiError("unauthenticated", "Your insurer did not tell us your member number; please contact your insurer.");
  }
  if (!(await findMemberProfile(deps.databases.databaseFor(client.insurer), client.insurer, key1))) throw new ApiError("forbidden", "You are not on this insurer's member roster.");
  const sessionId = randomSecret(32);
  const { maxSeconds } = deps.config.memberSessions;
  await deps.db.batch([
    ...(request.previousSessionId ? [deleteSession(sha256Hex(request.previousSessionId))] : []),
    deleteExpiredSessions(now.toISOString()),
    insertSession(sha256Hex(sessionId), {
      insurer: client.insurer,
      key1,
      csrfToken: randomSecret(24),
      issuer: client.issuer,
      idToken: signedIn.idToken,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: plusSeconds(now, maxSeconds),
    }),
  ]);
  return { sessionId, returnTo: attempt.returnTo, maxAgeSeconds: maxSeconds };
}

export interface MemberWebSession {
  member: MemberPrincipal;
  csrfToken: string;
  /** The provider that signed the member in (its origin may receive the sign-out form). */
  issuer: string;
}

/** The session a cookie names, if it is still alive (idle and absolute limits); an ended one is deleted. */
export async function memberWebSession(deps: Pick<AppDeps, "db" | "clock" | "config">, sessionId: string | undefined): Promise<MemberWebSession | null> {
  if (!sessionId || sessionId.length > 100) return null;
  const idHash = sha256Hex(sessionId);
  const session = await findSession(deps.db, idHash);
  if (!session) return null;
  const now = deps.clock.now();
  const idleSince = plusSeconds(now, -deps.config.memberSessions.idleSeconds);
  if (session.expiresAt <= now.toISOString() || session.lastSeenAt < idleSince) {
    await run(deps.db, deleteSession(idHash));
    return null;
  }
  await run(deps.db, touchSession(idHash, now.toISOString(), plusSeconds(now, -touchGranularitySeconds)));
  return { member: { insurer: session.insurer, key1: session.key1 }, csrfToken: session.csrfToken, issuer: session.issuer };
}

/** A state-changing form must carry the session's CSRF token (compared in constant time). */
export function checkCsrf(session: MemberWebSession, presented: unknown): void {
  const expected = Buffer.from(session.csrfToken);
  const given = Buffer.from(typeof presented === "string" ? presented : "");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ApiError("forbidden", "This form has expired; please load the page again and retry.");
  }
}

/**
 * Signs the browser out: the session is deleted first (so sign-out works even when the provider
 * is down), then the provider's end-session URL is built when it announces one (RP-initiated
 * logout), else null.
 */
export async function endWebSession(deps: SessionDeps, sessionId: string | undefined, postLogoutRedirectUri: string): Promise<URL | null> {
  if (!sessionId) return null;
  const idHash = sha256Hex(sessionId);
  const session = await findSession(deps.db, idHash);
  await run(deps.db, deleteSession(idHash));
  if (!session) return null;
  const client = await findSignInClient(deps.db, session.insurer);
  if (!client || client.issuer !== session.issuer) return null;
  return deps.openId.endSessionUrl(client, session.idToken, postLogoutRedirectUri);
}
