/** `npm run test:browser`: the demo page in headless Chromium (test/browser), apart from `npm test` because it needs a browser installed. */
import base from './jest.config.js';

export default {
  ...base,
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser.ts'],
  maxWorkers: 1,
  testTimeout: 60_000,
};
