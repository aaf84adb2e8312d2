import type { OpenAPIHono } from "@hono/zod-openapi";
import type { RequestIdVariables } from "hono/request-id";
import type { AppDeps } from "../core/deps.js";
import type { MemberPrincipal, Principal } from "../core/principal.js";

export type GatewayEnv = {
  Variables: RequestIdVariables & {
    deps: AppDeps;
    principal: Principal;
    member: MemberPrincipal;
  };
};

export type GatewayApp = OpenAPIHono<GatewayEnv>;
