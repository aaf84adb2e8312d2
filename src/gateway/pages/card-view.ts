import { renderSvg } from "../../barcode/render.js";
import type { IssuedBarcode } from "../../core/services/barcode-tokens.js";
import type { MemberProfile } from "../../core/services/member-subject.js";
import type { Language } from "../../i18n/index.js";
import { svgDataUri } from "../routes/member/card-html.js";
import { escapeHtml, formatDate, textOf } from "./html.js";

/**
 * The card itself: insurer, name, member number, QR (signed text), Code 128 (the 14 digits) and
 * valid-until. Once a card was reported lost the 14 digits are refused at every pharmacy (until
 * the insurer lifts the block), so the card drops its Code 128 and says so instead.
 */
export function cardSection(language: Language, subject: MemberProfile, barcode: IssuedBarcode, legacyBlockedSince: string | null): string {
  const t = textOf.bind(null, language);
  const qr = renderSvg({ symbology: "qrcode", text: barcode.text, scale: 3 });
  const legacy =
    legacyBlockedSince === null
      ? `<figure><img id="code128" src="${svgDataUri(renderSvg({ symbology: "code128", text: barcode.id, scale: 2 }))}" alt="${t("page.card.code128Alt", { digits: barcode.id })}"></figure>`
      : `<p class="stopped" id="digits-blocked">${t("page.card.digitsBlocked", { date: formatDate(language, legacyBlockedSince), digits: barcode.id })}</p>`;
  return `<section class="card" aria-labelledby="card-name">
<p class="insurer">${escapeHtml(subject.insurer.name)}</p>
<p class="name" id="card-name">${escapeHtml(subject.name)}</p>
<p class="number"><span class="label">${t("page.card.memberNumber")}</span>: ${escapeHtml(subject.insurer.code)} ${escapeHtml(subject.key1)}</p>
<figure><img id="qr" src="${svgDataUri(qr)}" alt="${t("page.card.qrAlt", { name: subject.name })}"></figure>
${legacy}
<p class="valid">${t("page.card.validUntil", { date: formatDate(language, barcode.expiresAt) })}</p>
</section>`;
}
