import { createRoute, z } from "@hono/zod-openapi";
import { onlyFor } from "../../auth/guards.js";
import { principalOf } from "../../auth/api-key.js";
import { ApiError } from "../../../core/errors.js";
import type { GatewayApp } from "../../env.js";
import { authProblems, problemResponses } from "../../openapi-common.js";
import { RosterLineSchema, RosterRemovalSchema, rosterMaxLines, syncRoster } from "../../../core/services/roster.js";

const route = createRoute({
  operationId: "syncRoster",
  method: "put",
  path: "/v1/members",
  ...onlyFor.insurer,
  summary: "Upsert members, their coverage periods and dependents (NDJSON, all or nothing)",
  description:
    `One JSON object a line, at most ${rosterMaxLines} lines. Each member's coverage periods are replaced by the ones sent. ` +
    "Every bad line is reported as `line.<n>.<field>` (1-based) and then nothing of the request is applied. " +
    "Only the key's own insurer codes may appear. `{\"insurer\", \"key1\", \"remove\": true}` removes a member (docs/privacy.md).",
  request: { body: { required: true, content: { "application/x-ndjson": { schema: z.union([RosterLineSchema, RosterRemovalSchema]) } } } },
  responses: {
    200: { description: "Applied", content: { "application/json": { schema: z.object({ applied: z.number().int() }) } } },
    ...problemResponses(...authProblems, "validation_failed", "unsupported_media_type", "payload_too_large", "bad_request"),
  },
});

/** Decodes strictly: a roster in another encoding would store mangled names. */
function utf8(body: ArrayBuffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new ApiError("bad_request", "The roster is not valid UTF-8.");
  }
}

export function registerRoster(app: GatewayApp): void {
  app.openapi(route, async (c) => {
    if (!/^application\/(x-ndjson|jsonl)\b/i.test(c.req.header("content-type") ?? "")) {
      throw new ApiError("unsupported_media_type", "Send the roster as application/x-ndjson, one member a line.");
    }
    const caller = principalOf(c, "insurer");
    return c.json(await syncRoster(c.get("deps"), caller.insurers, utf8(await c.req.arrayBuffer()), c.get("requestId")), 200);
  });
}
