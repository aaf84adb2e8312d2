import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { CookieOptions } from "hono/utils/cookie";
import { ApiError } from "../../core/errors.js";
import { memberWebSession, type MemberWebSession } from "../../core/services/member-web-session.js";
import { isLanguage, negotiateLanguage } from "../../i18n/index.js";
import type { GatewayEnv } from "../env.js";
import { enforceRateLimit } from "../middleware/rate-limit.js";

const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The origin browsers use: `PUBLIC_URL` when set (behind a proxy), else the request's own. */
export const publicOrigin = (c: Context<GatewayEnv>): string => c.get("deps").config.publicUrl ?? new URL(c.req.url).origin;

/**
 * Cookies are Secure everywhere except plain http on this machine (development, the demo, tests).
 * Secure cookies also get the `__Host-` prefix: the browser then refuses them unless they are
 * Secure, host-only and for path `/` — no subdomain or path can plant or shadow them.
 */
function cookieSecurity(c: Context<GatewayEnv>): { secure: boolean; prefix: "" | "__Host-" } {
  const origin = new URL(publicOrigin(c));
  const insecureLoopback = origin.protocol === "http:" && loopbackHosts.has(origin.hostname);
  return insecureLoopback ? { secure: false, prefix: "" } : { secure: true, prefix: "__Host-" };
}

type CookieName = "pg_member" | "pg_signin" | "pg_lang";

function cookieOptions(c: Context<GatewayEnv>, maxAgeSeconds: number): CookieOptions {
  const { secure } = cookieSecurity(c);
  // SameSite=Lax: the session rides along when the provider sends the browser back (a top-level
  // GET), but never on another site's POST; the CSRF token covers same-site forms.
  return { path: "/", httpOnly: true, secure, sameSite: "Lax", maxAge: maxAgeSeconds };
}

export const readCookie = (c: Context<GatewayEnv>, name: CookieName): string | undefined => getCookie(c, `${cookieSecurity(c).prefix}${name}`);

export const writeCookie = (c: Context<GatewayEnv>, name: CookieName, value: string, maxAgeSeconds: number): void =>
  setCookie(c, `${cookieSecurity(c).prefix}${name}`, value, cookieOptions(c, maxAgeSeconds));

export const clearCookie = (c: Context<GatewayEnv>, name: CookieName): void => {
  const { secure, prefix } = cookieSecurity(c);
  deleteCookie(c, `${prefix}${name}`, { path: "/", secure, httpOnly: true, sameSite: "Lax" });
};

const yearSeconds = 365 * 24 * 60 * 60;

/**
 * The page's language: `?lang=` (a language link; remembered in a cookie), else the remembered
 * choice, else Accept-Language, else English. The choice is a preference, not an account
 * setting, so it needs neither a session nor a form.
 */
export function pageLanguage(): MiddlewareHandler<GatewayEnv> {
  return async function choosePageLanguage(c, next) {
    const asked = c.req.query("lang");
    if (isLanguage(asked)) {
      writeCookie(c, "pg_lang", asked, yearSeconds);
      c.set("language", asked);
    } else {
      const remembered = readCookie(c, "pg_lang");
      c.set("language", isLanguage(remembered) ? remembered : negotiateLanguage(c.req.header("accept-language")));
    }
    await next();
  };
}

/** Reads the browser's member session (or null); an ended one also loses its cookie. */
export function memberSessionCookie(): MiddlewareHandler<GatewayEnv> {
  return async function readMemberSession(c, next) {
    const id = readCookie(c, "pg_member");
    const session = id ? await memberWebSession(c.get("deps"), id) : null;
    if (id && !session) clearCookie(c, "pg_member");
    c.set("memberSession", session);
    await next();
  };
}

/** Pages for signed-in members only: 401 (a page offering sign-in) without a live session. */
export function requireMemberSession(): MiddlewareHandler<GatewayEnv> {
  return async function memberSessionGuard(c, next) {
    const session = c.get("memberSession");
    if (!session) throw new ApiError("unauthenticated", "Sign in to see this page.");
    // The same per-member bucket as the bearer API: a browser cannot mint barcodes faster than an app.
    await enforceRateLimit(c, "member", `${session.member.insurer}:${session.member.key1}`);
    c.set("member", session.member);
    await next();
  };
}

export function sessionOf(c: Context<GatewayEnv>): MemberWebSession {
  const session = c.get("memberSession");
  if (!session) throw new ApiError("unauthenticated", "Sign in to see this page.");
  return session;
}
