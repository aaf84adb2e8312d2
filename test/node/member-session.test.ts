import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../src/core/errors.js";
import type { OpenIdRelyingParty } from "../../src/core/ports.js";
import { configureSignInClient } from "../../src/core/services/member-web-session.js";
import type { AppDeps } from "../../src/core/deps.js";
import { createMemberTenant, type MemberTenant } from "../contract/member-helpers.js";
import type { Harness } from "../harness/types.js";
import { nodeGateway } from "../support/node-gateway.js";

// The member session's rules, in-process with a stand-in provider (the browser test runs the real
// code flow against the demo provider): one-time sign-in handles, rotation, idle and absolute
// limits, CSRF on every form, Secure cookies off loopback, no open redirect, the CSP.

/** A provider that "authenticates" whoever the callback's `code` names, if the state matches. */
const standInProvider: OpenIdRelyingParty = {
  newSecrets: () => ({ state: crypto.randomUUID(), nonce: crypto.randomUUID(), codeVerifier: crypto.randomUUID() }),
  authorizationUrl: async (_client, redirectUri, secrets) => new URL(`https://idp.test/auth?state=${secrets.state}&redirect_uri=${encodeURIComponent(redirectUri)}`),
  finish: async (_client, callbackUrl, _redirectUri, secrets, claim) => {
    if (callbackUrl.searchParams.get("state") !== secrets.state) throw new ApiError("unauthenticated", "state mismatch");
    return { claims: { [claim]: callbackUrl.searchParams.get("code") }, idToken: "id-token" };
  },
  endSessionUrl: async (_client, idToken, after) => new URL(`https://idp.test/logout?id_token_hint=${idToken}&post_logout_redirect_uri=${encodeURIComponent(after)}`),
};

let now = new Date("2026-11-30T10:00:00Z");
let harness: Harness;
let deps: AppDeps;
let tenant: MemberTenant;
let close: () => Promise<void>;

beforeAll(async () => {
  const gateway = await nodeGateway({ clock: { now: () => now }, memberSessions: { idleSeconds: 1800, maxSeconds: 4 * 3600 } }, (d) => ({ ...d, openId: standInProvider }));
  ({ harness, deps, close } = gateway);
  tenant = await createMemberTenant(harness);
  await configureSignInClient(deps, { insurer: tenant.insurer.code, issuer: "https://idp.test", clientId: "gateway", key1Claim: "key1", scope: "openid" });
});
afterAll(() => close());

/** Cookie name=value pairs a response sets (a Max-Age=0 one deletes). */
function setCookies(response: Response): Map<string, { value: string; attributes: string }> {
  const cookies = new Map<string, { value: string; attributes: string }>();
  for (const line of response.headers.getSetCookie()) {
    const [pair = "", ...rest] = line.split(";");
    const at = pair.indexOf("=");
    cookies.set(pair.slice(0, at), { value: pair.slice(at + 1), attributes: rest.join(";").trim() });
  }
  return cookies;
}

const get = (path: string, cookie = "", headers: Record<string, string> = {}) => harness.fetch(path, { headers: { Cookie: cookie, ...headers } });
const post = (path: string, cookie: string, form: Record<string, string>) =>
  harness.fetch(path, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });

/** Starts at /sign-in/<insurer>, comes back from the "provider" as key1: the session cookie value. */
async function signIn(key1: string, options: { previous?: string; returnTo?: string } = {}): Promise<{ session: string; location: string }> {
  const start = await get(`/sign-in/${tenant.insurer.code}${options.returnTo ? `?return=${encodeURIComponent(options.returnTo)}` : ""}`);
  expect(start.status).toBe(303);
  const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
  const handle = setCookies(start).get("pg_signin")!.value;
  const cookie = `pg_signin=${handle}${options.previous ? `; pg_member=${options.previous}` : ""}`;
  const back = await get(`/sign-in/callback?code=${key1}&state=${state}`, cookie);
  expect(back.status, await back.clone().text()).toBe(303);
  return { session: setCookies(back).get("pg_member")!.value, location: back.headers.get("location")! };
}

const csrfOf = async (response: Response) => /name="csrf" value="([^"]+)"/.exec(await response.text())?.[1] ?? "";

describe("member session", () => {
  // The clock stands still here, so the member's bucket (default burst) does not refill.
  it("refuses a member past their rate limit with a 429, as the bearer API does", async () => {
    const { session } = await signIn(tenant.stranger.key1);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await get("/card", `pg_member=${session}`)).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.at(-1)).toBe(429);
  });

  it("a sign-in handle works once, and only with the cookie of the browser that started it", async () => {
    const start = await get(`/sign-in/${tenant.insurer.code}`);
    const state = new URL(start.headers.get("location")!).searchParams.get("state")!;
    const handle = setCookies(start).get("pg_signin")!.value;
    const withoutCookie = await get(`/sign-in/callback?code=${tenant.holder.key1}&state=${state}`);
    expect(withoutCookie.status).toBe(401);
    expect(withoutCookie.headers.get("content-type")).toMatch(/^text\/html/);
    const first = await get(`/sign-in/callback?code=${tenant.holder.key1}&state=${state}`, `pg_signin=${handle}`);
    expect(first.status).toBe(303);
    const replay = await get(`/sign-in/callback?code=${tenant.holder.key1}&state=${state}`, `pg_signin=${handle}`);
    expect(replay.status).toBe(401);
  });

  it("refuses a state that is not the one sent, and a member who is not on the roster", async () => {
    const start = await get(`/sign-in/${tenant.insurer.code}`);
    const handle = setCookies(start).get("pg_signin")!.value;
    expect((await get(`/sign-in/callback?code=${tenant.holder.key1}&state=forged`, `pg_signin=${handle}`)).status).toBe(401);
    const again = await get(`/sign-in/${tenant.insurer.code}`);
    const state = new URL(again.headers.get("location")!).searchParams.get("state")!;
    const outsider = await get(`/sign-in/callback?code=1234567890&state=${state}`, `pg_signin=${setCookies(again).get("pg_signin")!.value}`);
    expect(outsider.status).toBe(403);
  });

  it("sets an HttpOnly, SameSite=Lax session cookie (not Secure on loopback http) and rotates it at sign-in", async () => {
    const start = await harness.fetch(`http://127.0.0.1/sign-in/${tenant.insurer.code}`);
    expect(setCookies(start).get("pg_signin")?.attributes).toMatch(/HttpOnly/);
    expect(setCookies(start).get("pg_signin")?.attributes).toMatch(/SameSite=Lax/);
    expect(setCookies(start).get("pg_signin")?.attributes).not.toMatch(/Secure/);
    const first = await signIn(tenant.holder.key1);
    expect((await get("/card", `pg_member=${first.session}`)).status).toBe(200);
    const second = await signIn(tenant.holder.key1, { previous: first.session });
    expect(second.session).not.toBe(first.session);
    expect((await get("/card", `pg_member=${first.session}`)).status, "the old session id is dead").toBe(401);
    expect((await get("/card", `pg_member=${second.session}`)).status).toBe(200);
  });

  it("ends after the idle time, and after the absolute time however busy", async () => {
    const idle = await signIn(tenant.holder.key1);
    now = new Date(now.getTime() + 1801_000);
    expect((await get("/card", `pg_member=${idle.session}`)).status).toBe(401);

    const busy = await signIn(tenant.holder.key1);
    for (let minutes = 0; minutes < 4 * 60 - 20; minutes += 20) {
      now = new Date(now.getTime() + 20 * 60_000);
      expect((await get("/", `pg_member=${busy.session}`)).status).toBe(200);
    }
    now = new Date(now.getTime() + 20 * 60_000);
    const ended = await get("/card", `pg_member=${busy.session}`);
    expect(ended.status).toBe(401);
    expect(setCookies(ended).get("pg_member")?.attributes, "an ended session's cookie is cleared").toMatch(/Max-Age=0/);
  });

  it("refuses a form without the session's CSRF token; with it, the card is replaced and sign-out goes to the provider", async () => {
    const { session } = await signIn(tenant.holder.key1);
    const cookie = `pg_member=${session}`;
    expect((await post("/card/lost", cookie, {})).status).toBe(403);
    expect((await post("/card/lost", cookie, { csrf: "x".repeat(32) })).status).toBe(403);
    expect((await post("/sign-out", cookie, {})).status).toBe(403);
    const csrf = await csrfOf(await get("/card/lost", cookie));
    expect((await post("/card/lost", cookie, { csrf })).status).toBe(200);
    const out = await post("/sign-out", cookie, { csrf });
    expect(out.status).toBe(303);
    const logout = new URL(out.headers.get("location")!);
    expect(logout.origin + logout.pathname).toBe("https://idp.test/logout");
    expect(logout.searchParams.get("id_token_hint")).toBe("id-token");
    expect(logout.searchParams.get("post_logout_redirect_uri")).toMatch(/\/signed-out$/);
    expect((await get("/card", cookie)).status).toBe(401);
  });

  it("acts for a dependent, never for a stranger", async () => {
    const { session } = await signIn(tenant.holder.key1);
    expect((await get(`/card?member=${tenant.dependent.key1}`, `pg_member=${session}`)).status).toBe(200);
    expect((await get(`/card?member=${tenant.stranger.key1}`, `pg_member=${session}`)).status).toBe(403);
    expect((await get("/card?member=12", `pg_member=${session}`)).status).toBe(422);
  });

  it("returns only to a path of this site after sign-in", async () => {
    expect((await signIn(tenant.holder.key1, { returnTo: "/documents" })).location).toBe("/documents");
    expect((await signIn(tenant.holder.key1, { returnTo: "//evil.example/x" })).location).toBe("/card");
    expect((await signIn(tenant.holder.key1, { returnTo: "https://evil.example/" })).location).toBe("/card");
  });

  it("pages carry a strict CSP, the language of Accept-Language, a remembered ?lang choice, and translated problems", async () => {
    const home = await get("/", "", { "Accept-Language": "de-BE,de;q=0.9,en;q=0.5" });
    const csp = home.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(home.headers.get("content-language")).toBe("de");
    expect(await home.text()).toContain('<html lang="de">');
    const chosen = await get("/?lang=nl", "", { "Accept-Language": "fr" });
    expect(setCookies(chosen).get("pg_lang")?.value).toBe("nl");
    const remembered = await get("/card", "pg_lang=nl", { "Accept-Language": "fr" });
    expect(remembered.status).toBe(401);
    expect(await remembered.text()).toContain("Meld u aan om deze pagina te zien.");
  });
});

describe("member session behind https", () => {
  it("cookies are Secure with the __Host- prefix when the public URL is not loopback http", async () => {
    const gateway = await nodeGateway({ publicUrl: "https://members.example" }, (d) => ({ ...d, openId: standInProvider }));
    try {
      const other = await createMemberTenant(gateway.harness);
      await configureSignInClient(gateway.deps, { insurer: other.insurer.code, issuer: "https://idp.test", clientId: "gateway", key1Claim: "key1", scope: "openid" });
      const start = await gateway.harness.fetch(`/sign-in/${other.insurer.code}`);
      const cookie = setCookies(start).get("__Host-pg_signin");
      expect(cookie?.attributes).toMatch(/Secure/);
      expect(cookie?.attributes).toMatch(/Path=\//);
      expect(new URL(start.headers.get("location")!).searchParams.get("redirect_uri")).toBe("https://members.example/sign-in/callback");
    } finally {
      await gateway.close();
    }
  });
});
