// PKCE as RFC 7636 defines it, checked against the RFC's own example (Appendix B).
import test from 'node:test';
import assert from 'node:assert/strict';
import { base64url, challengeOf, claimsOf, randomString } from './oidc.mjs';

test('the S256 challenge of the RFC 7636 example verifier', async () => {
  assert.equal(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'),
    'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('verifiers are unpadded base64url with enough entropy', () => {
  const v = randomString(48);
  assert.match(v, /^[A-Za-z0-9_-]{64}$/);
  assert.notEqual(v, randomString(48));
  assert.equal(base64url(new Uint8Array([251, 255])), '-_8');
});

test('claims are read from a token, non-ASCII names included', () => {
  const payload = Buffer.from(JSON.stringify({ preferred_username: 'agnès', exp: 1 })).toString('base64url');
  assert.deepEqual(claimsOf('h.' + payload + '.s'), { preferred_username: 'agnès', exp: 1 });
});
