// Signing agents in with Keycloak: OAuth 2.0 authorization code with PKCE (RFC 7636, S256) for a public client.
// The password is typed into Keycloak's own page, never into Parley's; the tokens stay in this tab's sessionStorage.

const TOKENS = 'parley.desk.tokens';
const PENDING = 'parley.desk.pending';

export function base64url(bytes) {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomString(bytes = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 code challenge of a verifier: BASE64URL(SHA-256(verifier)). */
export async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** A JWT's claims (read for display and expiry only: the services verify the signature). */
export function claimsOf(token) {
  const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(Array.from(atob(part), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
  return JSON.parse(json);
}

export class Oidc {
  constructor(config, redirectUri, storage = sessionStorage) {
    this.config = config;
    this.redirectUri = redirectUri;
    this.storage = storage;
  }

  /** Keycloak's endpoints, as /desk/config.json names them. */
  async discover() {
    return this.config;
  }

  async signIn() {
    const meta = await this.discover();
    const verifier = randomString(48);
    const state = randomString(16);
    this.storage.setItem(PENDING, JSON.stringify({ verifier, state }));
    const query = new URLSearchParams({
      response_type: 'code', client_id: this.config.clientId, redirect_uri: this.redirectUri, scope: 'openid',
      state, code_challenge: await challengeOf(verifier), code_challenge_method: 'S256'
    });
    location.assign(meta.authorizationEndpoint + '?' + query);
  }

  /** After Keycloak's redirect: trades the code for tokens. False when the URL carries no answer for us. */
  async completeSignIn(url) {
    const params = new URL(url).searchParams;
    const code = params.get('code');
    const pending = JSON.parse(this.storage.getItem(PENDING) || 'null');
    if (params.get('error')) throw new Error(params.get('error_description') || params.get('error'));
    if (!code || !pending) return false;
    this.storage.removeItem(PENDING);
    if (params.get('state') !== pending.state) throw new Error('The sign-in answer does not match the request');
    await this.token({ grant_type: 'authorization_code', code, redirect_uri: this.redirectUri,
      code_verifier: pending.verifier });
    return true;
  }

  async token(form) {
    const meta = await this.discover();
    const answer = await fetch(meta.tokenEndpoint, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: this.config.clientId, ...form })
    });
    if (!answer.ok) throw new Error('Keycloak refused the sign-in (' + answer.status + ')');
    const t = await answer.json();
    const now = Date.now();
    this.storage.setItem(TOKENS, JSON.stringify({
      access: t.access_token, refresh: t.refresh_token, id: t.id_token,
      expiresAt: now + t.expires_in * 1000, refreshExpiresAt: now + (t.refresh_expires_in || 0) * 1000
    }));
  }

  /** A valid access token (refreshed when it is about to expire), or null when the agent must sign in again. */
  async accessToken() {
    const tokens = JSON.parse(this.storage.getItem(TOKENS) || 'null');
    if (!tokens) return null;
    if (tokens.expiresAt - Date.now() > 30000) return tokens.access;
    if (!tokens.refresh || tokens.refreshExpiresAt < Date.now()) return null;
    try {
      await this.token({ grant_type: 'refresh_token', refresh_token: tokens.refresh });
      return JSON.parse(this.storage.getItem(TOKENS)).access;
    } catch (e) {
      this.storage.removeItem(TOKENS);
      return null;
    }
  }

  async signOut() {
    const tokens = JSON.parse(this.storage.getItem(TOKENS) || 'null');
    this.storage.removeItem(TOKENS);
    const meta = await this.discover();
    const query = new URLSearchParams({ client_id: this.config.clientId, post_logout_redirect_uri: this.redirectUri });
    if (tokens && tokens.id) query.set('id_token_hint', tokens.id);
    location.assign(meta.endSessionEndpoint + '?' + query);
  }
}
