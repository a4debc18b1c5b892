/**
 * Stands in for the Bot Framework's identity endpoints with nock, so tests exercise the adapter's
 * real token validation and real outgoing authentication:
 * - incoming: an OpenID configuration and signing key at login.botframework.com, and tokens for
 *   requests signed with that key, exactly as the Bot Connector service signs them;
 * - outgoing: the Entra ID token endpoint that the bot calls before it replies.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import nock from './nock';

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

export interface BotFrameworkIssuer {
  /** A bearer token as the Bot Connector service would send it to the bot. */
  tokenFor(options: { audience: string; serviceUrl: string; expiresInSeconds?: number }): string;
}

let privateKey: KeyObject | undefined;
let publicJwk: Record<string, unknown> | undefined;
const KEY_ID = 'lac-test-signing-key';

function keys() {
  if (!privateKey || !publicJwk) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKey = createPrivateKey(pair.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    publicJwk = pair.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  }
  return { privateKey, publicJwk };
}

/** Serves the Bot Framework OpenID metadata and signing keys (persisting for the test file). */
export function standInForBotFrameworkIssuer(): BotFrameworkIssuer {
  const { privateKey: signingKey, publicJwk: jwk } = keys();
  nock('https://login.botframework.com')
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, {
      issuer: 'https://api.botframework.com',
      jwks_uri: 'https://login.botframework.com/v1/.well-known/keys',
      id_token_signing_alg_values_supported: ['RS256'],
    })
    .get('/v1/.well-known/keys')
    .reply(200, { keys: [{ ...jwk, kid: KEY_ID, use: 'sig', endorsements: ['msteams'] }] });
  return {
    tokenFor({ audience, serviceUrl, expiresInSeconds = 600 }) {
      const now = Math.floor(Date.now() / 1000);
      const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: KEY_ID }));
      const payload = base64url(
        JSON.stringify({
          iss: 'https://api.botframework.com',
          aud: audience,
          serviceurl: serviceUrl,
          nbf: now - 60,
          iat: now - 60,
          exp: now + expiresInSeconds,
        }),
      );
      const signature = base64url(sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), signingKey));
      return `${header}.${payload}.${signature}`;
    },
  };
}

/**
 * Serves Entra ID's token endpoint (and the metadata MSAL asks for first) for the bot's own
 * outgoing calls. Returns the number of tokens issued so far.
 */
export function standInForEntraTokenEndpoint(tenant: string): () => number {
  let issued = 0;
  const authority = `https://login.microsoftonline.com`;
  nock(authority)
    .persist()
    .get(/\/common\/discovery\/instance.*/)
    .reply(200, {
      tenant_discovery_endpoint: `${authority}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [
        {
          preferred_network: 'login.microsoftonline.com',
          preferred_cache: 'login.windows.net',
          aliases: ['login.microsoftonline.com', 'login.windows.net'],
        },
      ],
    })
    .get(new RegExp(`/${tenant}/v2.0/.well-known/openid-configuration`))
    .reply(200, {
      token_endpoint: `${authority}/${tenant}/oauth2/v2.0/token`,
      issuer: `${authority}/${tenant}/v2.0`,
      authorization_endpoint: `${authority}/${tenant}/oauth2/v2.0/authorize`,
      jwks_uri: `${authority}/${tenant}/discovery/v2.0/keys`,
      end_session_endpoint: `${authority}/${tenant}/oauth2/v2.0/logout`,
    })
    .post(new RegExp(`/${tenant}/oauth2/v2.0/token`))
    .reply(200, () => {
      issued++;
      return {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: `bot-token-${issued}`,
      };
    });
  return () => issued;
}
