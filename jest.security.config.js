import base from './jest.config.js';

/**
 * `npm run test:security`: the POST policy cases of test/security, with the same transform and
 * global setup as `npm test`, against Ceph radosgw when CEPH_S3_ENV names the env file written by
 * `scripts/ceph-s3.sh up`, else against s3rver. The reporter prints the table of outcomes.
 */
export default {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/test/security/**/*.test.ts'],
  reporters: ['default', '<rootDir>/test/security/summary-reporter.js'],
};
