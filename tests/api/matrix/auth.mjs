// Authorisation matrix entries for the routes of src/web/api_auth.c (see
// tests/api/matrix.test.mjs for how they are used). None of these routes has
// an organisation scope: only 'in' is tested.
const ALL = ['staff', 'reviewer', 'head', 'hr', 'viewer', 'admin'];
const none = () => null;
const only = (method, path, body) => (codes, scope) => (scope === 'in' ? { method, path, body } : null);

export default {
  // sign-out ends the session: the matrix signs in afresh for it
  'POST /api/v1/auth/logout': { req: (c, s) => (s === 'in' ? { method: 'POST', path: '/api/v1/auth/logout', body: {}, fresh: true } : null), allow: { in: ALL } },
  'GET /api/v1/auth/me': { req: only('GET', '/api/v1/auth/me'), allow: { in: ALL } },
  'POST /api/v1/auth/password': { req: only('POST', '/api/v1/auth/password', {}), allow: { in: ALL } },
  'GET /api/v1/users': { req: only('GET', '/api/v1/users'), allow: { in: ['admin'] } },
  'POST /api/v1/users': { req: only('POST', '/api/v1/users', {}), allow: { in: ['admin'] } },
  'POST /api/v1/users/{username}/reset': { req: only('POST', '/api/v1/users/khong-co-ai/reset', {}), allow: { in: ['admin'] } },
  'POST /api/v1/users/{username}/disable': { req: only('POST', '/api/v1/users/khong-co-ai/disable', {}), allow: { in: ['admin'] } },
  'POST /api/v1/users/{username}/enable': { req: only('POST', '/api/v1/users/khong-co-ai/enable', {}), allow: { in: ['admin'] } },
  'GET /api/v1/tokens': { req: only('GET', '/api/v1/tokens'), allow: { in: ALL } },
  'POST /api/v1/tokens': { req: only('POST', '/api/v1/tokens', {}), allow: { in: ALL } },
  'DELETE /api/v1/tokens/{id}': { req: only('DELETE', '/api/v1/tokens/999999'), allow: { in: ALL } },
  'GET /api/v1/jobs/{id}': { req: only('GET', '/api/v1/jobs/999999'), allow: { in: ALL } },
  _unused: none,
};
