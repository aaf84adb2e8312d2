import { Hono, type Context } from "hono";
import { Key1Schema } from "../../bvac/fields.js";
import { ApiError } from "../../core/errors.js";
import { barcodeForSubject } from "../../core/services/barcode-tokens.js";
import { replaceLostCard, type OldCodeCheck } from "../../core/services/lost-card.js";
import { memberDocuments, memberOverview } from "../../core/services/member-account.js";
import { memberAccessLog } from "../../core/services/member-privacy.js";
import { documentStatuses, type DocumentStatus } from "../../bvac/model.js";
import { checkCsrf, endWebSession, finishWebSignIn, signInInsurers, startWebSignIn } from "../../core/services/member-web-session.js";
import { negotiateLanguage, translate, type Language, type MessageKey } from "../../i18n/index.js";
import type { GatewayApp, GatewayEnv } from "../env.js";
import { toApiError } from "../problem-handlers.js";
import { renderRequestFor } from "../routes/member/barcode-image.js";
import { renderSvg } from "../../barcode/render.js";
import { registerPageAssets } from "./assets.js";
import { cardSection } from "./card-view.js";
import { escapeHtml, formatDate, formatEuros, formatMoment, renderPage, textOf, type PageFrame } from "./html.js";
import { clearCookie, memberSessionCookie, pageLanguage, publicOrigin, readCookie, requireMemberSession, sessionOf, writeCookie } from "./session.js";

/**
 * The member pages: sign-in with the insurer's OpenID provider, a cookie session, the card, a lost
 * card, the documents, sign-out; in nl, fr, de and en. Plain HTML forms and links, so they work
 * without script (one small file adds the print button); problems are pages in the member's
 * language, never problem+json. The bearer API under /v1/me stays for insurer portals and apps.
 */

const language = pageLanguage();
const session = memberSessionCookie();
const signedIn = requireMemberSession();

type PageContext = Context<GatewayEnv>;
const t = (c: PageContext, key: MessageKey, params?: Record<string, string | number>) => textOf(c.get("language"), key, params);

/** `?member=` names a dependent the member acts for; absent: the member themself. */
function subjectKey1(c: PageContext): string | undefined {
  const raw = c.req.query("member");
  if (raw === undefined) return undefined;
  const parsed = Key1Schema.safeParse(raw);
  if (!parsed.success) throw new ApiError("validation_failed", "member must be a 10-digit key1.");
  return parsed.data;
}

const isDocumentStatus = (text: string): text is DocumentStatus => (documentStatuses as readonly string[]).includes(text);

const memberQuery = (key1: string | undefined) => (key1 ? `?member=${key1}` : "");

async function signInChoice(c: PageContext): Promise<string> {
  const insurers = await signInInsurers(c.get("deps"));
  if (insurers.length === 0) return `<p>${t(c, "page.home.noInsurers")}</p>`;
  const returnTo = new URL(c.req.url).pathname;
  const back = returnTo === "/" || returnTo.startsWith("/sign") ? "" : `?return=${encodeURIComponent(returnTo)}`;
  const links = insurers
    .map((insurer) => `<li><a class="button" href="/sign-in/${insurer.code}${back}">${t(c, "page.home.signInWith", { insurer: insurer.name })}</a></li>`)
    .join("");
  return `<h2>${t(c, "page.home.choose")}</h2><ul class="insurers actions">${links}</ul>`;
}

async function home(c: PageContext): Promise<Response> {
  const current = c.get("memberSession");
  if (!current) {
    return renderPage(c, {
      title: translate(c.get("language"), "page.home.title"),
      current: "home",
      main: `<h1>${t(c, "page.home.title")}</h1><p>${t(c, "page.home.intro")}</p>${await signInChoice(c)}`,
    });
  }
  const me = await memberOverview(c.get("deps"), current.member);
  return renderPage(c, {
    title: translate(c.get("language"), "page.home.title"),
    current: "home",
    main: `<h1>${t(c, "page.home.welcome", { name: me.name })}</h1>
<p>${t(c, "page.home.insuredWith", { insurer: me.insurer.name, key1: me.key1 })}</p>
<p class="actions"><a class="button" href="/card">${t(c, "page.home.cardLink")}</a> <a class="button secondary" href="/documents">${t(c, "page.home.documentsLink")}</a></p>`,
  });
}

/** Links to the card of each person the member may act for (themself first), when there is more than one. */
async function personsNav(c: PageContext, shownKey1: string, path: string): Promise<string> {
  const me = await memberOverview(c.get("deps"), sessionOf(c).member);
  if (me.dependents.length === 0) return "";
  const people = [{ key1: me.key1, name: me.name, query: "" }, ...me.dependents.map((d) => ({ key1: d.key1, name: d.name, query: `?member=${d.key1}` }))];
  const items = people
    .map((p) => `<li><a href="${path}${p.query}"${p.key1 === shownKey1 ? ' aria-current="page"' : ""}>${escapeHtml(p.name)}</a></li>`)
    .join("");
  return `<nav class="persons" aria-label="${t(c, "page.card.persons")}"><ul>${items}</ul></nav>`;
}

async function card(c: PageContext): Promise<Response> {
  const key1 = subjectKey1(c);
  const deps = c.get("deps");
  const { subject, barcode, legacyBlockedSince } = await barcodeForSubject(deps, sessionOf(c).member, key1);
  const imageFormat = deps.renderPng ? "png" : "svg";
  return renderPage(c, {
    title: translate(c.get("language"), "page.card.title"),
    current: "card",
    main: `<h1>${t(c, "page.card.title")}</h1>
${await personsNav(c, subject.key1, "/card")}
${cardSection(c.get("language"), subject, barcode, legacyBlockedSince)}
<p class="hint">${t(c, "page.card.show")}</p>
<div class="actions">
<button type="button" data-print hidden>${t(c, "page.card.print")}</button>
<a class="button secondary" id="save-image" href="/card/qr.${imageFormat}${memberQuery(key1)}" download="pharmacy-card-${subject.insurer.code}${subject.key1}.${imageFormat}">${t(c, "page.card.saveImage")}</a>
<a class="button secondary" id="lost" href="/card/lost${memberQuery(key1)}">${t(c, "page.card.lost")}</a>
</div>`,
  });
}

/** "Save as image": the QR code alone, as a file (PNG on Node, SVG where no PNG encoder runs). */
async function cardImage(c: PageContext, format: "png" | "svg"): Promise<Response> {
  const deps = c.get("deps");
  const { subject, barcode } = await barcodeForSubject(deps, sessionOf(c).member, subjectKey1(c));
  const request = renderRequestFor(barcode, "qrcode", 8);
  const name = `pharmacy-card-${subject.insurer.code}${subject.key1}`;
  const headers = { "Cache-Control": "private, no-store" };
  if (format === "png" && deps.renderPng) {
    return c.body(await deps.renderPng(request), 200, { ...headers, "Content-Type": "image/png", "Content-Disposition": `attachment; filename="${name}.png"` });
  }
  return c.body(renderSvg(request), 200, { ...headers, "Content-Type": "image/svg+xml", "Content-Disposition": `attachment; filename="${name}.svg"` });
}

async function lostCardConfirm(c: PageContext): Promise<Response> {
  const key1 = subjectKey1(c);
  const { subject } = await barcodeForSubject(c.get("deps"), sessionOf(c).member, key1);
  return renderPage(c, {
    title: translate(c.get("language"), "page.lost.title"),
    current: "card",
    main: `<h1>${t(c, "page.lost.title")}</h1>
<p>${t(c, "page.lost.explain", { name: subject.name })}</p>
<form method="post" action="/card/lost${memberQuery(key1)}" class="actions">
<input type="hidden" name="csrf" value="${escapeHtml(sessionOf(c).csrfToken)}">
<button type="submit" class="danger" id="confirm-lost">${t(c, "page.lost.confirm")}</button>
<a class="button secondary" href="/card${memberQuery(key1)}">${t(c, "page.lost.cancel")}</a>
</form>`,
  });
}

function oldCodeItem(c: PageContext, label: string, check: OldCodeCheck, id: string): string {
  const verdict = check.accepted
    ? `<span class="accepted">${t(c, "page.lost.accepted")}</span>`
    : `<span class="refused">${t(c, "page.lost.refused")}</span>`;
  return `<li id="${id}" data-accepted="${check.accepted}">${label}: ${verdict}</li>`;
}

async function lostCardReplace(c: PageContext): Promise<Response> {
  const current = sessionOf(c);
  const form = await c.req.parseBody();
  checkCsrf(current, form.csrf);
  const key1 = subjectKey1(c);
  const outcome = await replaceLostCard(c.get("deps"), current.member, key1);
  const language: Language = c.get("language");
  const { previous } = outcome;
  return renderPage(c, {
    title: translate(language, "page.lost.title"),
    current: "card",
    languagePath: `/card${memberQuery(key1)}`,
    main: `<h1>${t(c, "page.lost.title")}</h1>
<p class="notice" role="status">${t(c, "page.lost.done")}</p>
${cardSection(language, outcome.subject, outcome.barcode, outcome.legacyBlockedSince)}
<h2>${t(c, "page.lost.oldCodes")}</h2>
<ul class="codes">
${oldCodeItem(c, t(c, "page.lost.oldSigned", { date: formatDate(language, previous.issuedAt) }), previous.signed, "old-signed")}
${oldCodeItem(c, t(c, "page.lost.oldDigits", { digits: previous.digits.text }), previous.digits, "old-digits")}
</ul>
${previous.digits.accepted ? `<p class="hint">${t(c, "page.lost.digitsKept")}</p>` : ""}
<div class="actions"><button type="button" data-print hidden>${t(c, "page.card.print")}</button>
<a class="button secondary" href="/card${memberQuery(key1)}">${t(c, "page.nav.card")}</a></div>`,
  });
}

const pageSize = 10;

async function documents(c: PageContext): Promise<Response> {
  const language = c.get("language");
  const beforeText = c.req.query("before");
  const before = beforeText === undefined ? undefined : Number(beforeText);
  if (before !== undefined && !(Number.isSafeInteger(before) && before > 0)) throw new ApiError("validation_failed", "before must be a positive whole number.");
  const page = await memberDocuments(c.get("deps"), sessionOf(c).member, { limit: pageSize, before });
  const row = (key: MessageKey, value: string) => `<dt>${t(c, key)}</dt><dd>${value}</dd>`;
  const items = page.documents
    .map((doc) => {
      // A refused or cancelled sale reimburses nothing: 0, not "not decided yet".
      const settledAmount = doc.reimbursedAmount ?? (doc.status === "rejected" || doc.status === "cancelled" ? "0.00" : null);
      const reimbursed = settledAmount === null ? t(c, "page.documents.notDecided") : escapeHtml(formatEuros(language, settledAmount));
      return `<li data-document-id="${escapeHtml(doc.documentId)}">
<h2>${escapeHtml(doc.pharmacy.name)}</h2>
<dl>
${row("page.documents.date", `<time datetime="${escapeHtml(doc.deliveryDate)}">${escapeHtml(formatDate(language, doc.deliveryDate))}</time>`)}
${row("page.documents.person", escapeHtml(doc.member.name ?? doc.member.key1))}
${row("page.documents.publicPrice", escapeHtml(formatEuros(language, doc.totals.publicPrice)))}
${row("page.documents.paid", escapeHtml(formatEuros(language, doc.totals.paidPrice)))}
${row("page.documents.status", `<span class="status" data-status="${doc.status}">${t(c, `page.status.${doc.status}`)}</span>`)}
${row("page.documents.reimbursed", `<span class="reimbursed">${reimbursed}</span>`)}
${doc.decisionReason ? row("page.documents.reason", escapeHtml(doc.decisionReason)) : ""}
</dl>
</li>`;
    })
    .join("\n");
  const pager = [
    before !== undefined ? `<a href="/documents">${t(c, "page.documents.newest")}</a>` : "",
    page.nextCursor !== null ? `<a href="/documents?before=${page.nextCursor}" id="older">${t(c, "page.documents.older")}</a>` : "",
  ].join("");
  return renderPage(c, {
    title: translate(language, "page.documents.title"),
    current: "documents",
    main: `<h1>${t(c, "page.documents.title")}</h1>
<p>${t(c, "page.documents.intro")}</p>
${page.documents.length === 0 ? `<p>${t(c, "page.documents.empty")}</p>` : `<ul class="documents">${items}</ul>`}
${pager ? `<nav class="pager" aria-label="${t(c, "page.documents.title")}">${pager}</nav>` : ""}`,
  });
}

/** Who handled the member's data and their dependents', oldest first, a page at a time (GET /v1/me/access-log). */
async function accessLog(c: PageContext): Promise<Response> {
  const language = c.get("language");
  const afterText = c.req.query("after");
  const after = afterText === undefined ? undefined : Number(afterText);
  if (after !== undefined && !(Number.isSafeInteger(after) && after >= 0)) throw new ApiError("validation_failed", "after must be a whole number.");
  const page = await memberAccessLog(c.get("deps"), sessionOf(c).member, { limit: accessLogPageSize, after });
  const items = page.entries
    .map((entry) => {
      const what = t(c, `page.accessLog.event.${entry.event}`, {
        pharmacy: entry.pharmacy?.name ?? entry.pharmacy?.nihii ?? "",
        decision: entry.event === "document_decided" && entry.detail && isDocumentStatus(entry.detail) ? translate(language, `page.status.${entry.detail}`) : "",
      });
      return `<li data-event="${entry.event}"><time datetime="${escapeHtml(entry.at)}">${escapeHtml(formatMoment(language, entry.at))}</time> ${escapeHtml(what)}${
        entry.key1 === sessionOf(c).member.key1 ? "" : ` <span class="hint">(${escapeHtml(entry.key1)})</span>`
      }</li>`;
    })
    .join("\n");
  const older = page.nextCursor !== null ? `<a href="/access-log?after=${page.nextCursor}" id="later">${t(c, "page.accessLog.later")}</a>` : "";
  return renderPage(c, {
    title: translate(language, "page.accessLog.title"),
    current: "accessLog",
    main: `<h1>${t(c, "page.accessLog.title")}</h1>
<p>${t(c, "page.accessLog.intro")}</p>
${page.entries.length === 0 ? `<p>${t(c, "page.accessLog.empty")}</p>` : `<ol class="access-log">${items}</ol>`}
${older ? `<nav class="pager" aria-label="${t(c, "page.accessLog.title")}">${older}</nav>` : ""}`,
  });
}

const accessLogPageSize = 50;

const redirectUri = (c: PageContext) => `${publicOrigin(c)}/sign-in/callback`;

async function startSignIn(c: PageContext): Promise<Response> {
  const started = await startWebSignIn(c.get("deps"), { insurer: c.req.param("insurer") ?? "", redirectUri: redirectUri(c), returnTo: c.req.query("return") });
  writeCookie(c, "pg_signin", started.handle, started.handleMaxAgeSeconds);
  return c.redirect(started.authorizationUrl.href, 303);
}

async function finishSignIn(c: PageContext): Promise<Response> {
  const callbackUrl = new URL(`${redirectUri(c)}${new URL(c.req.url).search}`);
  const handle = readCookie(c, "pg_signin");
  clearCookie(c, "pg_signin");
  const signed = await finishWebSignIn(c.get("deps"), { handle, callbackUrl, redirectUri: redirectUri(c), previousSessionId: readCookie(c, "pg_member") });
  writeCookie(c, "pg_member", signed.sessionId, signed.maxAgeSeconds);
  return c.redirect(signed.returnTo, 303);
}

async function signOut(c: PageContext): Promise<Response> {
  const current = c.get("memberSession");
  // Without a live session there is nothing to protect: the cookie is cleared either way.
  if (current) checkCsrf(current, (await c.req.parseBody()).csrf);
  const providerLogout = await endWebSession(c.get("deps"), readCookie(c, "pg_member"), `${publicOrigin(c)}/signed-out`);
  clearCookie(c, "pg_member");
  return c.redirect(providerLogout?.href ?? "/signed-out", 303);
}

async function signedOut(c: PageContext): Promise<Response> {
  return renderPage(c, {
    title: translate(c.get("language"), "page.signedOut.title"),
    main: `<h1>${t(c, "page.signedOut.title")}</h1>${await signInChoice(c)}`,
  });
}

/** What a page says for a refusal, in the member's words (the problem's code picks it). */
function problemText(c: PageContext, error: ApiError): MessageKey {
  switch (error.code) {
    case "unauthenticated":
      return new URL(c.req.url).pathname === "/sign-in/callback" ? "page.problem.signInFailed" : "page.problem.unauthenticated";
    case "forbidden":
    case "not_found":
    case "unavailable":
    case "rate_limited":
      return `page.problem.${error.code}`;
    case "route_not_found":
      return "page.problem.not_found";
    case "validation_failed":
    case "bad_request":
      return "page.problem.invalid";
    default:
      return "page.problem.internal";
  }
}

async function problemPage(error: unknown, c: PageContext): Promise<Response> {
  const apiError = toApiError(error);
  if (apiError.status >= 500) {
    const cause = apiError.cause ?? error;
    c.get("deps").logger.error("page_failed", { requestId: c.get("requestId"), error: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause) });
  }
  // The language middleware may not have run (an error before it): negotiate here.
  if (!c.get("language")) c.set("language", negotiateLanguage(c.req.header("accept-language")));
  const signInOffer = apiError.code === "unauthenticated" ? await signInChoice(c).catch(() => "") : "";
  const response = renderPage(c, {
    title: translate(c.get("language"), `problem.${apiError.code}.title`),
    status: apiError.status as NonNullable<PageFrame["status"]>,
    main: `<h1>${t(c, `problem.${apiError.code}.title`)}</h1>
<p class="problem" role="alert" data-code="${apiError.code}">${t(c, problemText(c, apiError))}</p>
${signInOffer}
<p><a href="/">${t(c, "page.problem.home")}</a></p>
<p class="hint">${t(c, "page.problem.reference", { requestId: c.get("requestId") ?? "-" })}</p>`,
  });
  for (const [name, value] of Object.entries(apiError.headers)) if (name.toLowerCase() === "retry-after") response.headers.set(name, value);
  return response;
}

export function registerMemberPages(app: GatewayApp): void {
  const pages = new Hono<GatewayEnv>();
  registerPageAssets(pages);
  pages.get("/", language, session, home);
  pages.get("/sign-in/callback", language, session, finishSignIn);
  pages.get("/sign-in/:insurer{[0-9]{4}}", language, session, startSignIn);
  pages.post("/sign-out", language, session, signOut);
  pages.get("/signed-out", language, session, signedOut);
  pages.get("/card", language, session, signedIn, card);
  pages.get("/card/qr.png", language, session, signedIn, (c) => cardImage(c, "png"));
  pages.get("/card/qr.svg", language, session, signedIn, (c) => cardImage(c, "svg"));
  pages.get("/card/lost", language, session, signedIn, lostCardConfirm);
  pages.post("/card/lost", language, session, signedIn, lostCardReplace);
  pages.get("/documents", language, session, signedIn, documents);
  pages.get("/access-log", language, session, signedIn, accessLog);
  pages.onError(problemPage);
  app.route("/", pages);
}
