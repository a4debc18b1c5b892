/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['**/*.test.ts'],
  testTimeout: 30000,
  // Storage and bot tests each start their own local Cosmos server on a random port; the browser
  // tests start a full stack. Two workers match CI's two cores.
  maxWorkers: 2,
};
