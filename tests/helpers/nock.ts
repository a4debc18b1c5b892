/**
 * nock, for test files that stand in for Microsoft's endpoints.
 *
 * nock 15 intercepts by patching `node:net` when it is imported. Jest loads a fresh copy of nock
 * for every test file, but the worker's `node:net` is shared, so every file that imports nock must
 * take its own patch off again when it ends; otherwise the patches of earlier files stack up in
 * the worker, each socket event passes through all of them, and the worker runs out of memory.
 */
import nock from 'nock';

afterAll(() => {
  nock.cleanAll();
  nock.restore();
});

export default nock;
