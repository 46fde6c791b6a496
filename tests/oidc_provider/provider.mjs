// A certified OpenID provider (panva's oidc-provider from npm, a devDependency) for the tests of the
// high-assurance profile: private_key_jwt, required signed-and-encrypted request objects, encrypted ID tokens
// and userinfo. Nobody on the project wrote its protocol code: this file only configures it.
//
//   node tests/oidc_provider/provider.mjs CONFIG.json
//
// CONFIG.json (written by tests/fixtures/oidc_provider.py): issuer, port, jwks (the provider's private keys),
// clients (oidc-provider client metadata), account (sub and claims of the one resident who signs in), acr.
// There is no login page: an interaction signs that resident in at once and grants what the client asked.
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const NRN = 'http://itsme.services/v2/claim/BENationalNumber';
const ACRS = ['http://itsme.services/v2/claim/acr_basic', 'http://itsme.services/v2/claim/acr_advanced'];

const provider = new Provider(config.issuer, {
  clients: config.clients,
  jwks: config.jwks,
  cookies: { keys: ['tests-only-cookie-key-0123456789'] },
  clientAuthMethods: ['private_key_jwt', 'client_secret_post'],
  features: {
    devInteractions: { enabled: false },
    encryption: { enabled: true },
    jwtUserinfo: { enabled: true },
    userinfo: { enabled: true },
    claimsParameter: { enabled: true },
    requestObjects: { request: true, requestUri: false, requireSignedRequestObject: true, mode: 'strict' },
  },
  enabledJWA: {
    // What itsme offers: RSA-OAEP-256 key wrapping; no 'dir', no RSA1_5.
    idTokenEncryptionAlgValues: ['RSA-OAEP-256'],
    userinfoEncryptionAlgValues: ['RSA-OAEP-256'],
    requestObjectEncryptionAlgValues: ['RSA-OAEP-256'],
    idTokenEncryptionEncValues: ['A128CBC-HS256', 'A256GCM'],
    userinfoEncryptionEncValues: ['A128CBC-HS256', 'A256GCM'],
    requestObjectEncryptionEncValues: ['A128CBC-HS256', 'A256GCM'],
    requestObjectSigningAlgValues: ['RS256'],
    clientAuthSigningAlgValues: ['RS256'],
  },
  pkce: { required: () => true, methods: ['S256'] },
  acrValues: ACRS,
  subjectTypes: ['public'],
  claims: {
    openid: ['sub'],
    profile: ['given_name', 'family_name'],
    eid: [NRN],
  },
  async findAccount(ctx, id) {
    if (id !== config.account.sub) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...config.account.claims }) };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: { AccessToken: 600, AuthorizationCode: 180, IdToken: 600, Grant: 600, Interaction: 600, Session: 600 },
  renderError(ctx, out) {
    ctx.type = 'application/json';
    ctx.body = out;
  },
});

provider.on('server_error', (ctx, err) => console.error('server_error', err));
provider.on('authorization.error', (ctx, err) => console.error('authorization.error', err.error, err.error_description));
provider.on('grant.error', (ctx, err) => console.error('grant.error', err.error, err.error_description));

// The "login page": the configured resident signs in with the configured acr and grants what was asked.
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.prompt.name === 'login') {
    const login = { accountId: config.account.sub, acr: config.acr || ACRS[1] };
    return provider.interactionFinished(ctx.req, ctx.res, { login }, { mergeWithLastSubmission: false });
  }
  const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
});

provider.listen(config.port, '127.0.0.1', () => {
  console.log(`listening ${config.issuer}`);
});
