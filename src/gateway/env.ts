import type { OpenAPIHono } from "@hono/zod-openapi";
import type { RequestIdVariables } from "hono/request-id";
import type { AppDeps } from "../core/deps.js";
import type { MemberPrincipal, Principal } from "../core/principal.js";
import type { MemberWebSession } from "../core/services/member-web-session.js";
import type { Language } from "../i18n/index.js";

export type GatewayEnv = {
  Variables: RequestIdVariables & {
    deps: AppDeps;
    principal: Principal;
    member: MemberPrincipal;
    /** Member pages: the language of the page, and the browser's session when signed in. */
    language: Language;
    memberSession: MemberWebSession | null;
  };
};

export type GatewayApp = OpenAPIHono<GatewayEnv>;
