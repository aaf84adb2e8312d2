import * as oidc from "openid-client";
import { ApiError } from "../../core/errors.js";
import type { AuthorizationSecrets, OpenIdClientRegistration, OpenIdRelyingParty } from "../../core/ports.js";

/** Discovery documents change rarely; an hour keeps a provider's key or endpoint change from sticking. */
const discoveryTtlMs = 60 * 60 * 1000;

const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** http is accepted only for a provider on this machine (the demo provider, tests); anything else must be https. */
const isLoopbackHttp = (url: URL) => url.protocol === "http:" && loopbackHosts.has(url.hostname);

/**
 * Why the exchange failed, in words safe for the member's page; the cause goes to the log only.
 * The provider being unreachable or failing is not the member's fault (503); anything the
 * provider or the browser sent that does not check out is a refused sign-in (401).
 */
function refusal(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const status = (error as { status?: unknown }).status;
  const unreachable = error instanceof TypeError || (typeof status === "number" && status >= 500) || (error as { code?: unknown }).code === "OAUTH_TIMEOUT";
  if (unreachable) return new ApiError("unavailable", "Your insurer's sign-in service cannot be reached right now.", [], {}, { cause: error });
  const providerSaid = (error as { error?: unknown }).error;
  const detail =
    providerSaid === "access_denied" || providerSaid === "login_required"
      ? "The sign-in was cancelled at your insurer."
      : "The sign-in could not be confirmed with your insurer; please sign in again.";
  return new ApiError("unauthenticated", detail, [], {}, { cause: error });
}

/** openid-client 6 (oauth4webapi on fetch): the same code on Node and on Workers. */
export function openIdRelyingParty(): OpenIdRelyingParty {
  const configurations = new Map<string, { config: oidc.Configuration; until: number }>();

  async function configurationFor(client: OpenIdClientRegistration): Promise<oidc.Configuration> {
    const cacheKey = JSON.stringify([client.issuer, client.clientId, client.clientSecret ?? null]);
    const cached = configurations.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.config;
    const issuer = new URL(client.issuer);
    const insecure = isLoopbackHttp(issuer);
    if (issuer.protocol !== "https:" && !insecure) throw new ApiError("unavailable", "This insurer's sign-in is not configured with an https issuer.");
    const auth = client.clientSecret === undefined ? oidc.None() : oidc.ClientSecretBasic(client.clientSecret);
    let config: oidc.Configuration;
    try {
      config = await oidc.discovery(issuer, client.clientId, undefined, auth, {
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: 10,
      });
    } catch (error) {
      throw new ApiError("unavailable", "Your insurer's sign-in service cannot be reached right now.", [], {}, { cause: error });
    }
    configurations.set(cacheKey, { config, until: Date.now() + discoveryTtlMs });
    return config;
  }

  return {
    newSecrets: () => ({ state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() }),

    async authorizationUrl(client, redirectUri, secrets: AuthorizationSecrets) {
      const config = await configurationFor(client);
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        response_type: "code",
        scope: client.scope,
        state: secrets.state,
        nonce: secrets.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(secrets.codeVerifier),
        code_challenge_method: "S256",
      });
    },

    async finish(client, callbackUrl, redirectUri, secrets, wantedClaim) {
      try {
        const config = await configurationFor(client);
        const tokens = await oidc.authorizationCodeGrant(
          config,
          callbackUrl,
          { pkceCodeVerifier: secrets.codeVerifier, expectedState: secrets.state, expectedNonce: secrets.nonce, idTokenExpected: true },
          { redirect_uri: redirectUri },
        );
        const idClaims = tokens.claims();
        const idToken = tokens.id_token;
        if (!idClaims || !idToken) throw new ApiError("unauthenticated", "Your insurer sent no identity; please sign in again.");
        let claims: Record<string, unknown> = { ...idClaims };
        // Many providers put only `sub` in the ID token and the rest behind UserInfo.
        if (claims[wantedClaim] === undefined && config.serverMetadata().userinfo_endpoint) {
          claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...claims };
        }
        return { claims, idToken };
      } catch (error) {
        throw refusal(error);
      }
    },

    async endSessionUrl(client, idToken, postLogoutRedirectUri) {
      let config: oidc.Configuration;
      try {
        config = await configurationFor(client);
      } catch {
        return null; // Signing out here must not wait on the provider: the local session is gone already.
      }
      if (!config.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(config, {
        post_logout_redirect_uri: postLogoutRedirectUri,
        ...(idToken ? { id_token_hint: idToken } : { client_id: client.clientId }),
      });
    },
  };
}
