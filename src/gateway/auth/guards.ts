import type { SecurityScheme } from "../openapi-common.js";
import { requireApiKey } from "./api-key.js";
import { requireMember } from "./member-token.js";

/**
 * The guard of each audience, spread into a route declaration: the auth middleware, the security
 * scheme the OpenAPI document shows, and the tag the route is listed under.
 *
 * @example createRoute({ ...onlyFor.pharmacy, method: "post", path: "/v1/bvac", ... })
 */
const guard = (middleware: ReturnType<typeof requireApiKey>, scheme: SecurityScheme, tag: string) => ({
  middleware: [middleware],
  security: [{ [scheme]: [] }],
  tags: [tag],
});

export const onlyFor = {
  pharmacy: guard(requireApiKey("pharmacy"), "pharmacyKey", "pharmacy"),
  insurer: guard(requireApiKey("insurer"), "insurerKey", "insurer"),
  admin: guard(requireApiKey("admin"), "adminKey", "admin"),
  member: guard(requireMember(), "memberToken", "member"),
};

/**
 * A route anyone may call, declared so: an explicit empty `security` tells OpenAPI tools (and
 * generated clients) that no credential is sent, instead of leaving it undefined.
 *
 * @example createRoute({ ...openToAll, method: "get", path: "/healthz", ... })
 */
export const openToAll = { security: [] as Array<Record<string, string[]>>, tags: ["public"] };
