import type { IncomingMessage, ServerResponse } from "node:http";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";
import type { JWK } from "jose";
import { escapeXml as escapeHtml } from "../../bvac/formats/xml-text.js";
import { negotiateLanguage, isLanguage, translate, type Language, type MessageKey } from "../../i18n/index.js";

/**
 * The demo's OpenID provider: panva's oidc-provider (a certified OpenID Provider), so that demo
 * mode signs members in through the same code flow + PKCE a real insurer's provider runs. It
 * serves under `/oidc` of the Node server, with its own sign-in and sign-out pages (not
 * oidc-provider's development screens) and the demo issuer's Ed25519 key. Node only: oidc-provider
 * is a Koa application; on Workers, configure a real provider (docs/member-pages.md).
 */

export const demoProviderMount = "/oidc";
/** What the gateway asks for: `member` carries key1 and the name (in the ID token, see conformIdTokenClaims). */
export const demoScope = "openid member";
export const demoClientId = "pharmagate-member-pages";
/** A demo sign-in, printed on the page: this provider exists only in demo mode, on a demo roster. */
export const demoPassword = "demo";

export interface DemoProviderOptions {
  /** The gateway's origin as the browser sees it (`http://127.0.0.1:8787`). */
  origin: string;
  /** Other origins the browser may use for the same server (`http://localhost:8787`). */
  aliases?: string[];
  signingKey: JWK;
  kid: string;
  clientSecret: string;
  /** The demo roster: a member by key1, or null. */
  findMember(key1: string): Promise<{ key1: string; name: string } | null>;
  /** Shown as a hint on the sign-in page. */
  demoMembers: readonly string[];
}

export interface DemoProvider {
  issuer: string;
  /** Handles a request whose path starts with `/oidc`. */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

const pageLanguageOf = (req: IncomingMessage): Language => {
  const remembered = /(?:^|;\s*)(?:__Host-)?pg_lang=([a-z]{2})/.exec(req.headers.cookie ?? "")?.[1];
  return isLanguage(remembered) ? remembered : negotiateLanguage(req.headers["accept-language"]);
};

// The provider shares the gateway's origin, so its forms (and their redirects back to the gateway) stay on 'self'.
const csp = "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function page(language: Language, title: MessageKey, body: string): string {
  const t = (key: MessageKey) => escapeHtml(translate(language, key));
  return `<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(title)}</title><link rel="stylesheet" href="/assets/member.css"></head>
<body><main id="main"><h1>${t(title)}</h1>
<p class="notice">${t("page.demo.notice")}</p>
${body}
</main></body></html>`;
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": csp, "Cache-Control": "no-store", "X-Frame-Options": "DENY" });
  res.end(html);
}

/** A small url-encoded form body (the sign-in form); anything larger is refused. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 4096) throw new Error("form too large");
  }
  return new URLSearchParams(body);
}

export async function demoOpenIdProvider(options: DemoProviderOptions): Promise<DemoProvider> {
  const issuer = `${options.origin}${demoProviderMount}`;
  const origins = [options.origin, ...(options.aliases ?? [])];
  const loginForm = (language: Language, uid: string, wrong: boolean, key1 = "") => {
    const t = (key: MessageKey, params?: Record<string, string>) => escapeHtml(translate(language, key, params));
    return page(
      language,
      "page.demo.title",
      `${wrong ? `<p class="problem" role="alert">${t("page.demo.wrong")}</p>` : ""}
<form method="post" action="${demoProviderMount}/interaction/${escapeHtml(uid)}/login" class="stack">
<label for="key1">${t("page.demo.memberNumber")}</label>
<input id="key1" name="key1" inputmode="numeric" autocomplete="username" required pattern="[0-9]{10}" value="${escapeHtml(key1)}">
<label for="password">${t("page.demo.password")}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p class="hint">${t("page.demo.hint", { members: options.demoMembers.join(", "), password: demoPassword })}</p>
<p class="actions"><button type="submit" id="demo-sign-in">${t("page.demo.submit")}</button></p>
</form>`,
    );
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: demoClientId,
        client_secret: options.clientSecret,
        redirect_uris: origins.map((origin) => `${origin}/sign-in/callback`),
        post_logout_redirect_uris: origins.map((origin) => `${origin}/signed-out`),
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "EdDSA",
      },
    ],
    jwks: { keys: [{ ...options.signingKey, kid: options.kid, alg: "EdDSA", use: "sig" }] },
    // Interaction cookies only; a restart ends sign-ins under way, nothing more.
    cookies: { keys: [crypto.randomUUID() + crypto.randomUUID()] },
    claims: { openid: ["sub"], member: ["key1", "name"] },
    scopes: ["openid", "member"],
    // The gateway reads key1 from the ID token; a provider that puts it in UserInfo only works too.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // Short, as an insurer's would be; the gateway keeps its own session after sign-in.
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600, AccessToken: 600, IdToken: 600 },
    async findAccount(_ctx, id) {
      const member = await options.findMember(id);
      return member ? { accountId: id, claims: async () => ({ sub: id, key1: member.key1, name: member.name }) } : undefined;
    },
    interactions: { url: (_ctx, interaction) => `${demoProviderMount}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaContextWithOIDC, form: string) {
          const language = pageLanguageOf(ctx.req);
          const t = (key: MessageKey) => escapeHtml(translate(language, key));
          ctx.set("Content-Security-Policy", csp);
          ctx.body = page(
            language,
            "page.demo.logoutTitle",
            `${form}<p class="actions"><button type="submit" form="op.logoutForm" value="yes" name="logout" id="demo-logout-yes">${t("page.demo.logoutYes")}</button>
<button type="submit" form="op.logoutForm" class="secondary">${t("page.demo.logoutNo")}</button></p>`,
          );
        },
        async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          const language = pageLanguageOf(ctx.req);
          ctx.set("Content-Security-Policy", csp);
          ctx.body = page(language, "page.signedOut.title", `<p><a href="/">${escapeHtml(translate(language, "page.problem.home"))}</a></p>`);
        },
      },
    },
    async renderError(ctx, out) {
      const language = pageLanguageOf(ctx.req);
      ctx.type = "html";
      ctx.set("Content-Security-Policy", csp);
      // The provider's error code only (e.g. invalid_request); its description may echo input.
      ctx.body = page(language, "page.demo.title", `<p class="problem" role="alert">${escapeHtml(String(out.error))}</p><p><a href="/">${escapeHtml(translate(language, "page.problem.home"))}</a></p>`);
    },
  });

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
    const language = pageLanguageOf(req);
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return send(res, 400, page(language, "page.demo.title", ""));
    if (action === undefined && req.method === "GET") return send(res, 200, loginForm(language, uid, false));
    if (action !== "login" || req.method !== "POST") return send(res, 404, page(language, "page.demo.title", ""));
    const form = await readForm(req);
    const key1 = form.get("key1") ?? "";
    const member = /^\d{10}$/.test(key1) && form.get("password") === demoPassword ? await options.findMember(key1) : null;
    if (!member) return send(res, 401, loginForm(language, uid, true, key1));
    const clientId = String(details.params.client_id);
    // A first-party provider: no consent screen; the grant covers what the gateway asked for.
    const grant = new provider.Grant({ accountId: member.key1, clientId });
    grant.addOIDCScope(String(details.params.scope ?? "openid"));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: member.key1 }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  const callback = provider.callback();
  return {
    issuer,
    handle(req, res) {
      const url = req.url ?? "/";
      const match = /^\/oidc\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(\w+))?\/?(?:\?.*)?$/.exec(url);
      if (match) {
        interaction(req, res, match[1]!, match[2]).catch(() => {
          if (!res.headersSent) send(res, 400, page(pageLanguageOf(req), "page.demo.title", `<p class="problem" role="alert">${escapeHtml(translate(pageLanguageOf(req), "page.problem.signInFailed"))}</p>`));
        });
        return;
      }
      // Mounted under /oidc: the provider routes on the rest and rebuilds its URLs from originalUrl.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
      req.url = url.slice(demoProviderMount.length) || "/";
      callback(req, res);
    },
  };
}
