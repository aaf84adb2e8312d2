import { renderSvg } from "../../barcode/render.js";
import type { IssuedBarcode } from "../../core/services/barcode-tokens.js";
import type { MemberProfile } from "../../core/services/member-subject.js";
import type { Language } from "../../i18n/index.js";
import { svgDataUri } from "../routes/member/card-html.js";
import { escapeHtml, formatDate, textOf } from "./html.js";

/** The card itself: insurer, name, member number, QR (signed text), Code 128 (14 digits), valid-until. */
export function cardSection(language: Language, subject: MemberProfile, barcode: IssuedBarcode): string {
  const t = textOf.bind(null, language);
  const qr = renderSvg({ symbology: "qrcode", text: barcode.text, scale: 3 });
  const code128 = renderSvg({ symbology: "code128", text: barcode.id, scale: 2 });
  return `<section class="card" aria-labelledby="card-name">
<p class="insurer">${escapeHtml(subject.insurer.name)}</p>
<p class="name" id="card-name">${escapeHtml(subject.name)}</p>
<p class="number"><span class="label">${t("page.card.memberNumber")}</span>: ${escapeHtml(subject.insurer.code)} ${escapeHtml(subject.key1)}</p>
<figure><img id="qr" src="${svgDataUri(qr)}" alt="${t("page.card.qrAlt", { name: subject.name })}"></figure>
<figure><img id="code128" src="${svgDataUri(code128)}" alt="${t("page.card.code128Alt", { digits: barcode.id })}"></figure>
<p class="valid">${t("page.card.validUntil", { date: formatDate(language, barcode.expiresAt) })}</p>
</section>`;
}
