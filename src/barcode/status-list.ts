import { SignJWT } from "jose";
import type { Signer } from "./key-ring.js";

/**
 * The status list of issued barcode tokens, after the IETF Token Status List
 * (draft-ietf-oauth-status-list): one bit per token (1 = revoked), bit `i` at byte `i >> 3`,
 * least significant bit first, DEFLATE-compressed (zlib, RFC 1950) and base64url-encoded, in a JWT
 * (`typ: statuslist+jwt`) signed with the barcode signing key, so the JWKS that verifies a
 * barcode verifies its list too. Where it differs from the draft: a barcode carries its index in
 * its `jti` (see `statusIndexOfJti`) instead of a `status` claim, which would not fit in a
 * phone-sized QR.
 */
export interface StatusListClaims {
  /** The list's URI. */
  sub: string;
  iss: string;
  iat: number;
  exp: number;
  /** Seconds a verifier may keep the list before fetching it again. */
  ttl: number;
  /** `size`, our extension: how many indices were handed out, so a verifier tells "not revoked" from "issued after this list". */
  status_list: { bits: 1; lst: string; size: number };
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The compressed `lst` of a list of `size` tokens with the given indices revoked. */
export async function encodeStatusBits(size: number, revoked: Iterable<number>): Promise<string> {
  const bits = new Uint8Array(Math.max(1, Math.ceil(size / 8)));
  for (const index of revoked) if (index >= 0 && index < size) bits[index >> 3]! |= 1 << (index & 7);
  return base64url(await deflate(bits));
}

export async function signStatusList(signer: Signer, claims: StatusListClaims): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: "EdDSA", kid: signer.kid, typ: "statuslist+jwt" })
    .sign(signer.privateKey);
}

/**
 * A jti that carries a status index: 4 bytes of index (big-endian) then 8 random bytes,
 * base64url (16 characters, like every jti). The index is public; the random part keeps jtis
 * unguessable, and the signature, not the jti, is what makes a token genuine.
 */
export function jtiWithStatusIndex(index: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  new DataView(bytes.buffer).setUint32(0, index);
  return base64url(bytes);
}

/** The status index a jti carries (the inverse of `jtiWithStatusIndex`). */
export function statusIndexOfJti(jti: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{16}$/.test(jti)) return undefined;
  const binary = atob(jti.replaceAll("-", "+").replaceAll("_", "/"));
  return ((binary.charCodeAt(0) << 24) >>> 0) + (binary.charCodeAt(1) << 16) + (binary.charCodeAt(2) << 8) + binary.charCodeAt(3);
}
