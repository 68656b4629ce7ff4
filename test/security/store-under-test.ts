import { readFileSync } from 'node:fs';

/** The S3 store the security suite runs against, and the API settings that point at it. */
export interface StoreUnderTest {
  name: string;
  /** Whether the store checks the signed POST policy (Ceph radosgw, AWS S3) or not (s3rver). */
  enforcesPolicies: boolean;
  /** Extra environment for `startTestApi`: empty for s3rver, which every test API starts itself. */
  apiEnv: Record<string, string>;
}

const REQUIRED = ['S3_ENDPOINT', 'S3_BUCKET', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

/**
 * CEPH_S3_ENV names the env file written by `scripts/ceph-s3.sh up`; without it the suite runs
 * against s3rver. A set but unreadable file is an error: falling back would pass silently.
 */
export function storeUnderTest(): StoreUnderTest {
  const envFile = process.env['CEPH_S3_ENV'];
  if (!envFile) return { name: 's3rver (enforces no POST policy)', enforcesPolicies: false, apiEnv: {} };
  const env = parseEnvFile(readFileSync(envFile, 'utf8'));
  for (const name of REQUIRED) {
    if (!env[name]) throw new Error(`${envFile} does not set ${name}`);
  }
  // The API's S3 client takes its credentials from the SDK's default chain, i.e. this process's
  // environment; loadConfig only has to see S3_ENDPOINT to choose S3 mode.
  process.env['AWS_ACCESS_KEY_ID'] = env['AWS_ACCESS_KEY_ID'];
  process.env['AWS_SECRET_ACCESS_KEY'] = env['AWS_SECRET_ACCESS_KEY'];
  return {
    name: `Ceph radosgw at ${env['S3_ENDPOINT'] ?? ''}`,
    enforcesPolicies: true,
    apiEnv: {
      S3_ENDPOINT: env['S3_ENDPOINT'] ?? '',
      S3_BUCKET: env['S3_BUCKET'] ?? '',
      ...(env['S3_REGION'] ? { S3_REGION: env['S3_REGION'] } : {}),
    },
  };
}

/** NAME=value lines; blank lines and # comments are skipped. */
function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) env[match[1]] = match[2].trim();
  }
  return env;
}
