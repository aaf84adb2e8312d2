import type { Language } from "../i18n/index.js";

/** Who is calling, as established by one of the auth middlewares. */
export type Principal =
  /** `language`: the pharmacy's configured language, for answers to requests without Accept-Language. */
  | { kind: "pharmacy"; keyId: string; nihii: string; language: Language | null }
  | { kind: "insurer"; keyId: string; insurers: string[] }
  | { kind: "admin"; keyId: string };

export type ApiKeyKind = Principal["kind"];

export const apiKeyPrefix: Record<ApiKeyKind, string> = { pharmacy: "pk_", insurer: "ik_", admin: "ak_" };

/** A signed-in member: the insurer whose identity provider vouched for them, and their key1. */
export interface MemberPrincipal {
  insurer: string;
  key1: string;
}
