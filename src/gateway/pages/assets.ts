import type { Hono } from "hono";
import type { GatewayEnv } from "../env.js";

/**
 * The member pages' only stylesheet and script, served from this origin so the CSP can forbid
 * inline code. Colours keep at least 4.5:1 contrast (WCAG AA); the layout is one column from a
 * 360 px phone up; printing keeps the card alone, at a size that fits an A6 sheet as well as A4.
 */
const css = `
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.45;color:#1a1a1a;background:#f3f4f6}
body{margin:0}
a{color:#0b4fa8}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
header{background:#123c69;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header a{color:#fff}
.brand{margin:0;font-weight:700}
header ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
header a[aria-current]{font-weight:700;text-decoration-thickness:3px}
.sign-out{margin:0 0 0 auto}
.sign-out button{background:#fff;color:#123c69;border:1px solid #fff}
.languages{width:100%}
.languages a{display:inline-block;padding:.35rem .25rem;min-height:44px;min-width:44px}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.5rem 0 1rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
button,.button{font:inherit;display:inline-block;padding:.6rem 1rem;min-height:44px;border-radius:.4rem;border:1px solid #123c69;background:#123c69;color:#fff;cursor:pointer;text-decoration:none}
.button.secondary,button.secondary{background:#fff;color:#123c69}
button.danger{background:#fff;color:#9b1111;border-color:#9b1111}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
.card{background:#fff;border:1px solid #8a8f98;border-radius:.75rem;padding:1rem;margin:0 0 1rem}
.card .insurer{margin:0;color:#3d434b}
.card .name{font-size:1.3rem;font-weight:700;margin:.25rem 0}
.card .number{font-family:ui-monospace,monospace;letter-spacing:.06em;margin:0}
.card figure{margin:.75rem 0;text-align:center}
.card img{max-width:100%;height:auto;image-rendering:pixelated}
#qr{width:16rem}
.valid{margin:0;color:#3d434b}
.stopped{color:#9b1111;margin:.5rem 0}
.persons ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
.persons a[aria-current]{font-weight:700}
.notice{background:#e8f1fb;border-left:4px solid #123c69;padding:.75rem;margin:0 0 1rem}
.problem{background:#fdecea;border-left:4px solid #9b1111;padding:.75rem;margin:0 0 1rem}
.codes{padding-left:1.25rem}
.refused{color:#9b1111;font-weight:700}
.accepted{color:#1d5e20;font-weight:700}
.documents{list-style:none;padding:0;margin:0}
.documents li{background:#fff;border:1px solid #8a8f98;border-radius:.5rem;padding:.75rem;margin:0 0 .75rem}
.documents dl{display:grid;grid-template-columns:minmax(5rem,45%) 1fr;gap:.15rem .75rem;margin:0}
.documents dt{color:#3d434b}
.documents dd{margin:0;overflow-wrap:anywhere}
.documents dt{overflow-wrap:anywhere}
.pager{display:flex;justify-content:space-between;gap:1rem}
form.stack label{display:block;font-weight:600;margin:.75rem 0 .25rem}
form.stack input{font:inherit;width:100%;max-width:20rem;padding:.5rem;border:1px solid #5f6670;border-radius:.3rem}
[hidden]{display:none!important}
@page{margin:8mm}
@media print{
  html,body{background:#fff}
  header,.skip,.actions,.persons,.notice,.hint,form{display:none!important}
  main{padding:0;max-width:none}
  h1{display:none}
  .card{width:88mm;border:1px solid #000;break-inside:avoid;margin:0}
  #qr{width:44mm}
  #code128{width:70mm}
}
`;

/** Progressive enhancement only: without it every page still works (the print button stays hidden). */
const js = `document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
`;

export function registerPageAssets(pages: Hono<GatewayEnv>): void {
  pages.get("/assets/member.css", (c) => c.body(css, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600" }));
  pages.get("/assets/member.js", (c) => c.body(js, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=3600" }));
}
