import type { Context } from "hono";
import { languages, translate, type Language, type MessageKey, type MessageParams } from "../../i18n/index.js";
import type { GatewayEnv } from "../env.js";
import { escapeHtml } from "../routes/member/card-html.js";

export { escapeHtml };

/** The page's text for `key` in the page's language, HTML-escaped (parameters included). */
export const textOf = (language: Language, key: MessageKey, params?: MessageParams): string => escapeHtml(translate(language, key, params));

/** Belgian conventions for dates and amounts in nl, fr and de; British for English. */
const locales: Record<Language, string> = { nl: "nl-BE", fr: "fr-BE", de: "de-BE", en: "en-GB" };

/** A calendar date (`YYYY-MM-DD`) or an instant, as the member's language writes a date. */
export function formatDate(language: Language, value: string): string {
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return new Intl.DateTimeFormat(locales[language], { dateStyle: "long", timeZone: "UTC" }).format(date);
}

/** A moment (UTC ISO-8601) in the member's language, shown in Belgian time. */
export function formatMoment(language: Language, value: string): string {
  return new Intl.DateTimeFormat(locales[language], { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Brussels" }).format(new Date(value));
}

/** An API amount (`"12.34"`, euros) in the member's language, e.g. `€ 12,34` or `12,34 €`. */
export function formatEuros(language: Language, amount: string): string {
  return new Intl.NumberFormat(locales[language], { style: "currency", currency: "EUR" }).format(Number(amount));
}

const languageNames: Record<Language, string> = { nl: "Nederlands", fr: "Français", de: "Deutsch", en: "English" };

/**
 * Nothing from another origin, no inline script or style: the page's CSS and its one script are
 * files of this origin, images are this origin's or data: URIs. `form-action` also names the
 * identity provider's origin: the sign-out form's redirect continues there (RP-initiated logout),
 * and Chromium applies form-action to a form's redirects.
 */
export function pageContentSecurityPolicy(extraFormOrigin: string | null): string {
  const formAction = extraFormOrigin ? `'self' ${extraFormOrigin}` : "'self'";
  return `default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action ${formAction}; base-uri 'none'; frame-ancestors 'none'`;
}

const originOf = (url: string): string | null => (URL.canParse(url) ? new URL(url).origin : null);

export interface PageFrame {
  title: string;
  /** The `<main>` content, already escaped. */
  main: string;
  /** Which menu entry is this page. */
  current?: "home" | "card" | "documents" | "accessLog";
  /** Where the language links lead; default: this page's own address. */
  languagePath?: string;
  status?: 200 | 401 | 403 | 404 | 422 | 429 | 500 | 503;
}

/** A path with `lang=<language>` set in its query (other parameters kept). */
function withLanguage(path: string, language: Language): string {
  const url = new URL(path, "http://page.invalid");
  url.searchParams.set("lang", language);
  return `${url.pathname}${url.search}`;
}

/** The whole member page: header (menu, language switch, sign-out), main, the page script. */
export function renderPage(c: Context<GatewayEnv>, frame: PageFrame): Response {
  const language = c.get("language");
  const session = c.get("memberSession");
  const t = (key: MessageKey, params?: MessageParams) => textOf(language, key, params);
  const here = new URL(c.req.url);
  const languagePath = frame.languagePath ?? `${here.pathname}${here.search}`;
  const menuItem = (name: NonNullable<PageFrame["current"]>, href: string, key: MessageKey) =>
    `<li><a href="${href}"${frame.current === name ? ' aria-current="page"' : ""}>${t(key)}</a></li>`;
  const menu = session
    ? `<nav aria-label="${t("page.nav.label")}"><ul class="menu">${menuItem("home", "/", "page.nav.home")}${menuItem("card", "/card", "page.nav.card")}${menuItem("documents", "/documents", "page.nav.documents")}${menuItem("accessLog", "/access-log", "page.nav.accessLog")}</ul></nav>
<form method="post" action="/sign-out" class="sign-out"><input type="hidden" name="csrf" value="${escapeHtml(session.csrfToken)}"><button type="submit" id="sign-out">${t("page.signOut")}</button></form>`
    : "";
  const languageLinks = languages
    .map(
      (other) =>
        `<li><a href="${escapeHtml(withLanguage(languagePath, other))}" lang="${other}" hreflang="${other}"${other === language ? ' aria-current="true"' : ""}>${languageNames[other]}</a></li>`,
    )
    .join("");
  const html = `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(frame.title)} — ${t("page.brand")}</title>
<link rel="stylesheet" href="/assets/member.css">
<script src="/assets/member.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t("page.skip")}</a>
<header>
<p class="brand"><a href="/">${t("page.brand")}</a></p>
${menu}
<nav aria-label="${t("page.language.label")}" class="languages"><ul>${languageLinks}</ul></nav>
</header>
<main id="main">
${frame.main}
</main>
</body>
</html>
`;
  return c.html(html, frame.status ?? 200, {
    "Content-Security-Policy": pageContentSecurityPolicy(session ? originOf(session.issuer) : null),
    "Cache-Control": "private, no-store",
    "Content-Language": language,
    Vary: "Accept-Language, Cookie",
  });
}
