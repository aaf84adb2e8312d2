import { renderSvg } from "../../../barcode/render.js";
import type { MemberProfile } from "../../../core/services/member-subject.js";
import type { IssuedBarcode } from "../../../core/services/barcode-tokens.js";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] ?? char);

/** SVG inlined as a data URI: the card needs no second authenticated request and loads offline. */
const svgDataUri = (svg: string) => `data:image/svg+xml;base64,${btoa(svg)}`;

/**
 * The card may load nothing from anywhere: images are data URIs, the style is inline, there is
 * no script at all, and the only form posts back to this origin.
 */
export const cardContentSecurityPolicy =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const style = `
body{font-family:system-ui,sans-serif;margin:0;padding:1rem;background:#f4f4f4;color:#111}
.card{background:#fff;max-width:26rem;margin:0 auto;padding:1rem 1.25rem;border:1px solid #bbb;border-radius:.75rem}
h1{font-size:1.1rem;margin:0 0 .25rem}.name{font-size:1.3rem;font-weight:600;margin:.25rem 0}
.id{font-family:ui-monospace,monospace;letter-spacing:.08em;margin:0 0 .75rem}
figure{margin:.75rem 0;text-align:center}img{max-width:100%;height:auto;image-rendering:pixelated}
.valid{font-size:.9rem;color:#444}.stopped{font-size:.9rem;color:#a00}button{font:inherit;padding:.5rem .75rem;border-radius:.4rem;border:1px solid #a00;background:#fff;color:#a00;cursor:pointer}
@media print{body{background:#fff;padding:0}.card{border:1px solid #000}form,.hint{display:none}}`;

/**
 * After a lost card the 14 digits are refused at every pharmacy, so the card drops its Code 128
 * and says which codes stopped working: those on earlier cards, and the number itself.
 */
function legacyPart(barcode: IssuedBarcode, blockedSince: string | null): string {
  if (blockedSince === null) {
    const code128 = renderSvg({ symbology: "code128", text: barcode.id, scale: 2 });
    return `<figure><img id="code128" src="${svgDataUri(code128)}" alt="Code 128: ${escapeHtml(barcode.id)}"></figure>`;
  }
  const day = escapeHtml(blockedSince.slice(0, 10));
  return `<p class="stopped" id="stopped">Since <time datetime="${escapeHtml(blockedSince)}">${day}</time> these no longer work at the pharmacy: the QR codes on your earlier cards, and the number ${escapeHtml(barcode.id)} (the striped barcode and the digits). Show the QR code above. If your pharmacy can only read the number, ask your insurer to accept it again.</p>`;
}

/** The printable card: name, insurer, QR (signed text), Code 128 (14 digits, printed underneath) unless blocked, a revoke button. */
export function cardHtml(subject: MemberProfile, barcode: IssuedBarcode, revokeAction: string, legacyBlockedSince: string | null = null): string {
  const qr = renderSvg({ symbology: "qrcode", text: barcode.text, scale: 3 });
  const validUntil = barcode.expiresAt.slice(0, 10);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pharmacy card — ${escapeHtml(subject.name)}</title>
<style>${style}</style>
</head>
<body>
<main class="card">
<h1>${escapeHtml(subject.insurer.name)}</h1>
<p class="name">${escapeHtml(subject.name)}</p>
<p class="id">${escapeHtml(subject.insurer.code)} ${escapeHtml(subject.key1)}</p>
<figure><img id="qr" src="${svgDataUri(qr)}" alt="QR code: your signed pharmacy barcode"></figure>
${legacyPart(barcode, legacyBlockedSince)}
<p class="valid">Valid until <time datetime="${escapeHtml(barcode.expiresAt)}">${escapeHtml(validUntil)}</time></p>
<form method="post" action="${escapeHtml(revokeAction)}">
<button type="submit" id="revoke">I lost my card: block it and make a new one</button>
</form>
<p class="hint">Show this card at the pharmacy, on screen or printed.</p>
</main>
</body>
</html>
`;
}
