import type { Logger } from "../core/ports.js";

/** JSON lines on stdout (errors on stderr). */
export const consoleLogger: Logger = {
  info: (event, fields) => console.log(JSON.stringify({ level: "info", event, time: new Date().toISOString(), ...fields })),
  error: (event, fields) => console.error(JSON.stringify({ level: "error", event, time: new Date().toISOString(), ...fields })),
};

export const silentLogger: Logger = { info: () => {}, error: () => {} };
