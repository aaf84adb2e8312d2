-- Members in a browser (issue 14): the gateway is an OpenID Connect client of each insurer's
-- identity provider (authorization code flow + PKCE), with server-side sessions so that they work
-- alike on Node (SQLite) and Workers (D1), and can be ended at once (sign-out, lost phone).

-- The gateway's client registration at an insurer's provider. Apart from identity_providers (which
-- accepts bearer access tokens for the API): a web client is a registration (id, secret, scope),
-- and an insurer may run its member web sign-in on another issuer than its app tokens.
CREATE TABLE member_sign_in_clients (
  insurer        TEXT PRIMARY KEY REFERENCES insurers(code),
  issuer         TEXT NOT NULL,
  client_id      TEXT NOT NULL,
  -- NULL: a public client (PKCE only, token_endpoint_auth_method none).
  client_secret  TEXT,
  key1_claim     TEXT NOT NULL DEFAULT 'key1',
  scope          TEXT NOT NULL DEFAULT 'openid'
);

-- A sign-in under way: what the callback must find again. Keyed by the SHA-256 of a random handle
-- held in an HttpOnly cookie, so only the browser that started it can finish it (login CSRF).
CREATE TABLE member_sign_in_attempts (
  handle_hash    TEXT PRIMARY KEY,
  insurer        TEXT NOT NULL,
  state          TEXT NOT NULL,
  nonce          TEXT NOT NULL,
  code_verifier  TEXT NOT NULL,
  return_to      TEXT NOT NULL,
  created_at     TEXT NOT NULL
);

-- A signed-in browser. The cookie carries a random id; only its SHA-256 is stored, so a copy of
-- the database signs nobody in. `id_token` is kept for RP-initiated logout (`id_token_hint`).
CREATE TABLE member_sessions (
  id_hash        TEXT PRIMARY KEY,
  insurer        TEXT NOT NULL,
  key1           TEXT NOT NULL,
  csrf_token     TEXT NOT NULL,
  issuer         TEXT NOT NULL,
  id_token       TEXT,
  created_at     TEXT NOT NULL,
  last_seen_at   TEXT NOT NULL,
  expires_at     TEXT NOT NULL
);
CREATE INDEX member_sessions_by_expiry ON member_sessions (expires_at);
CREATE INDEX member_sign_in_attempts_by_age ON member_sign_in_attempts (created_at);
