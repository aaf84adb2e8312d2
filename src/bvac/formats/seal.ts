import { Buffer } from "node:buffer";
import { constants, createCipheriv, createPublicKey, publicEncrypt, type KeyObject } from "node:crypto";

/**
 * AssurPharma sealing (domain.md, "What insurers' import jobs already read"): the message is
 * encrypted with a fresh AES-256-CBC key (PKCS#7 padding, random 16-byte IV written in front of
 * the ciphertext), and that 32-byte key is encrypted with the insurer's RSA public key, PKCS#1
 * v1.5 padding, so existing import jobs decrypt it unchanged.
 *
 * `node:crypto` rather than WebCrypto: WebCrypto has no RSAES-PKCS1-v1_5. `publicEncrypt` with a
 * PEM string and `createCipheriv` with `Buffer`s work on Node and in workerd (`nodejs_compat`);
 * a `KeyObject` does not work in workerd, so it is used only where a probe shows it works.
 */

export interface Sealed {
  /** The AES key, RSA-encrypted, base64. */
  encryptedSymmetricKey: string;
  /** IV ‖ AES-256-CBC ciphertext, base64. */
  singleMessageSealed: string;
}

const randomBuffer = (size: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(size)));

type RsaKey = string | KeyObject;

const parsedKeys = new Map<string, RsaKey>();

/**
 * The insurer's key as `publicEncrypt` takes it fastest: a `KeyObject` parsed once per PEM where
 * the runtime accepts one (Node: decoding the PEM on every call cost several times the RSA
 * operation itself, and an export seals every document), else the PEM string (workerd).
 */
function rsaKey(publicKeyPem: string): RsaKey {
  let key = parsedKeys.get(publicKeyPem);
  if (key !== undefined) return key;
  try {
    key = createPublicKey(publicKeyPem);
    publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.alloc(32));
  } catch {
    key = publicKeyPem;
  }
  // A handful of insurers: a bound, not an eviction policy.
  if (parsedKeys.size >= 64) parsedKeys.clear();
  parsedKeys.set(publicKeyPem, key);
  return key;
}

export function seal(message: string, publicKeyPem: string): Sealed {
  const key = randomBuffer(32);
  const iv = randomBuffer(16);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  const body = Buffer.concat([iv, cipher.update(Buffer.from(message, "utf8")), cipher.final()]);
  const encryptedKey = publicEncrypt({ key: rsaKey(publicKeyPem), padding: constants.RSA_PKCS1_PADDING }, key);
  return { encryptedSymmetricKey: encryptedKey.toString("base64"), singleMessageSealed: body.toString("base64") };
}

/**
 * Without a registered key the message travels base64 only (no encryption): the key element is
 * empty, which `xs:base64Binary` allows. The HTTPS connection is then the only protection.
 */
export function unsealed(message: string): Sealed {
  return { encryptedSymmetricKey: "", singleMessageSealed: base64OfUtf8(message) };
}

/**
 * One buffer the messages are encoded into before base64, reused: an export encodes every
 * document, and a fresh `Buffer` per message (plus its garbage) cost more than the base64 itself.
 * Synchronous use only, so nothing else can write into it meanwhile.
 */
const scratch = Buffer.allocUnsafe(64 * 1024);

/** Base64 of the UTF-8 bytes of `text`. */
function base64OfUtf8(text: string): string {
  const written = scratch.write(text, 0, "utf8");
  // UTF-8 stops before a character that does not fit (at most 4 bytes): room left means all of it fit.
  if (written <= scratch.length - 4) return scratch.toString("base64", 0, written);
  return Buffer.from(text, "utf8").toString("base64");
}

/** AssurPharma's insurers use RSA-2048; anything shorter no longer protects health data (NIST SP 800-131A). */
export const minimumSealKeyBits = 2048;

/** Whether `pem` is an RSA public key of at least `minimumSealKeyBits` this module can seal with (tried once, result discarded). */
export function canSealWith(pem: string): boolean {
  try {
    const details = createPublicKey(pem).asymmetricKeyDetails;
    if (!details?.modulusLength || details.modulusLength < minimumSealKeyBits) return false;
    seal("probe", pem);
    return true;
  } catch {
    return false;
  }
}
