// npm run token -- NAME: prints a bearer token for user NAME that the configured server accepts
// (HS256 with JWT_SECRET, or the development secret kept in the local data directory), living as
// long as the server allows (JWT_MAX_LIFETIME_SECONDS). With NODE_ENV=production it refuses unless
// given --allow-production: production users get their tokens from the identity provider.
import { fileURLToPath } from 'node:url';
import { loadOrCreateDevSecret } from '../auth/dev-secret.ts';
import { signDevToken } from '../auth/dev-token.ts';
import { ConfigError, loadTokenConfig } from '../config/config.ts';

const args = process.argv.slice(2);
const allowProduction = args.includes('--allow-production');
const name = args.find((arg) => !arg.startsWith('--'))?.trim();
if (!name) {
  process.stderr.write('Usage: npm run token -- NAME [--allow-production]\n');
  process.exit(2);
}

try {
  const { auth, env, tokens } = loadTokenConfig(process.env, fileURLToPath(new URL('../..', import.meta.url)));
  if (env === 'production' && !allowProduction) {
    throw new ConfigError(
      'NODE_ENV',
      'is production: this would sign a working token with the production secret. Pass --allow-production if that is what you want.',
    );
  }
  if (auth.kind === 'jwks') {
    throw new ConfigError(
      'JWT_JWKS_URL',
      'is set: tokens come from your identity provider, this script cannot sign them.',
    );
  }
  const secret = auth.kind === 'secret' ? auth.secret : await loadOrCreateDevSecret(auth.file);
  const issuerAndAudience = auth.kind === 'secret' ? { issuer: auth.issuer, audience: auth.audience } : {};
  const token = await signDevToken(secret, name, {
    name,
    expiresInSeconds: tokens.maxLifetimeSeconds,
    ...issuerAndAudience,
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Configuration error: ${error.message}\n`);
  process.exit(1);
}
