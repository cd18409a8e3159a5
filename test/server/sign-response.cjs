// The SB1 answer signature (DESIGN.md, "Signing"), computed independently of the client's and the
// server's code with node:crypto only. Plain CommonJS so that a worker thread without TypeScript
// (test/e2e/support/hostile-api-worker.mjs) loads the same code as the TypeScript tests, which import
// it through sign.ts: the answer's string to sign is written down once for all the tests and the bench.
const { createHash, createHmac } = require('node:crypto');

/** X-SB-Response-Signature for an answer whose body hash (hex SHA-256) is already known. */
exports.responseSignatureForBodyHash = (secret, nonce, status, bodyHashHex) =>
  createHmac('sha256', secret)
    .update(`SB1-RESP\n${nonce}\n${status}\n${bodyHashHex}`, 'utf8')
    .digest('base64');

/** X-SB-Response-Signature for an answer to the request that carried `nonce` (a string body as UTF-8). */
exports.expectedResponseSignature = (secret, nonce, status, body) =>
  exports.responseSignatureForBodyHash(
    secret,
    nonce,
    status,
    createHash('sha256').update(body).digest('hex'),
  );
