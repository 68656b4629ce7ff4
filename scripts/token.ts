// npm run token -- NAME: prints a bearer token for user NAME that the configured server accepts
// (HS256 with JWT_SECRET, or the development secret kept in the local data directory).
import { fileURLToPath } from 'node:url';
import { loadOrCreateDevSecret } from '../src/auth/dev-secret.ts';
import { signDevToken } from '../src/auth/dev-token.ts';
import { ConfigError, loadConfig } from '../src/config/config.ts';

const name = process.argv[2]?.trim();
if (!name) {
  process.stderr.write('Usage: npm run token -- NAME\n');
  process.exit(2);
}

try {
  const { auth } = loadConfig(process.env, fileURLToPath(new URL('..', import.meta.url)));
  if (auth.kind === 'jwks') {
    throw new ConfigError(
      'JWT_JWKS_URL',
      'is set: tokens come from your identity provider, this script cannot sign them.',
    );
  }
  const secret = auth.kind === 'secret' ? auth.secret : await loadOrCreateDevSecret(auth.file);
  const issuerAndAudience = auth.kind === 'secret' ? { issuer: auth.issuer, audience: auth.audience } : {};
  process.stdout.write(`${await signDevToken(secret, name, { name, ...issuerAndAudience })}\n`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Configuration error: ${error.message}\n`);
  process.exit(1);
}
