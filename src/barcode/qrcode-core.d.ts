// The `qrcode` package's encoder core without its renderers: its main entry pulls in pngjs and
// `fs` (Node only), which the Worker bundle must not carry. @types/qrcode types only the main
// entry, whose `create` is this same function re-exported.
declare module "qrcode/lib/core/qrcode.js" {
  export { create } from "qrcode";
}
