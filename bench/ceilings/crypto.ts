import { SignJWT, generateKeyPair, jwtVerify } from "jose";

/**
 * Ed25519 verifications per second through jose on one core (one sequential loop in one thread),
 * on a token shaped like the barcode token (EdDSA header with kid; sub, jti, iat, exp, iss).
 */
export async function cryptoCeiling(durationMs: number): Promise<{ verifiesPerSecond: number }> {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ jti: "c2b1a9e0d3" })
    .setProtectedHeader({ alg: "EdDSA", kid: "bench-2026-11" })
    .setSubject("60009912319994")
    .setIssuer("https://pharmagate.bench")
    .setIssuedAt(now)
    .setExpirationTime(now + 86_400)
    .sign(privateKey);
  const options = { issuer: "https://pharmagate.bench", algorithms: ["EdDSA"] };
  for (let i = 0; i < 200; i++) await jwtVerify(token, publicKey, options); // warm up the JIT
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < durationMs) {
    for (let i = 0; i < 100; i++) await jwtVerify(token, publicKey, options);
    count += 100;
  }
  return { verifiesPerSecond: count / ((performance.now() - started) / 1000) };
}
