// The authorisation matrix of the admin group (frameworks, settings,
// imports, exports, the audit history): for each route of web_routes_admin,
// the request to make in scope ('in') and out of scope ('out', null when
// the route has no organisation scope), and the roles that must get past
// authorisation (any status but 401/403); every other role must get 403.
//
// Writes carry a body that fails validation after the access check, so an
// allowed request answers 400/404 and changes nothing.
//
// Who may, in short (docs/api-admin.md):
//   - frameworks and settings: read by everyone; a unit's by HR in scope and
//     administrators; what is system-wide (an imported framework, a
//     system-wide setting) only by unscoped HR and administrators — the
//     fixture's HR is scoped to P-HK, so only admin;
//   - imports: unscoped HR and administrators (the fixture: admin); the
//     report of an import: the user who started it (hr, admin);
//   - exports: heads, HR, viewers within their scope; administrators;
//   - audit: a person's history as the person's record; verify: admin.
const ALL = ['staff', 'reviewer', 'head', 'hr', 'viewer', 'admin'];
const READERS = ['head', 'hr', 'viewer', 'admin'];
const MANAGE_IN = ['hr', 'admin'];
const ADMIN = ['admin'];

const unit = (codes, scope) => (scope === 'in' ? codes.unitIn : codes.unitOut);
const only = (req) => (codes, scope) => (scope === 'in' ? req(codes) : null);
const upload = (path) => only(() => ({ method: 'POST', path, body: '', headers: { 'Content-Type': 'text/csv' } }));

export default {
  'GET /api/v1/frameworks': {
    req: only(() => ({ method: 'GET', path: '/api/v1/frameworks?all=true' })),
    allow: { in: ALL, out: [] },
  },
  'POST /api/v1/frameworks': {
    // "{}" is not a framework: 400 once allowed
    req: only(() => ({ method: 'POST', path: '/api/v1/frameworks', body: {} })),
    allow: { in: ADMIN, out: [] },
  },
  'GET /api/v1/frameworks/{code}': {
    req: only(() => ({ method: 'GET', path: '/api/v1/frameworks/HN-3814' })),
    allow: { in: ALL, out: [] },
  },
  'POST /api/v1/frameworks/{code}/derive': {
    // changes must be an object: 400 after the unit's check
    req: (codes, scope) => ({
      method: 'POST', path: '/api/v1/frameworks/HN-3814/derive',
      body: { unit: unit(codes, scope), changes: 'không phải đối tượng' },
    }),
    allow: { in: MANAGE_IN, out: ADMIN },
  },
  'GET /api/v1/settings': {
    req: (codes, scope) => ({ method: 'GET', path: `/api/v1/settings?unit=${unit(codes, scope)}` }),
    allow: { in: ALL, out: ALL },
  },
  'PUT /api/v1/settings': {
    // no values: 400 after the unit's check
    req: (codes, scope) => ({ method: 'PUT', path: '/api/v1/settings', body: { unit: unit(codes, scope), values: {} } }),
    allow: { in: MANAGE_IN, out: ADMIN },
  },
  'DELETE /api/v1/settings/{key}': {
    // an unknown key: 400 after the unit's check
    req: (codes, scope) => ({ method: 'DELETE', path: `/api/v1/settings/khong.co?unit=${unit(codes, scope)}` }),
    allow: { in: MANAGE_IN, out: ADMIN },
  },
  'POST /api/v1/imports/people': {
    // an empty file: 400 before any job starts
    req: upload('/api/v1/imports/people'),
    allow: { in: ADMIN, out: [] },
  },
  'POST /api/v1/imports/units': {
    req: upload('/api/v1/imports/units'),
    allow: { in: ADMIN, out: [] },
  },
  'GET /api/v1/imports/{job}/report.xlsx': {
    // no such job: 404 for those who may ask
    req: only(() => ({ method: 'GET', path: '/api/v1/imports/999999/report.xlsx' })),
    allow: { in: MANAGE_IN, out: [] },
  },
  'GET /api/v1/exports/people.csv': {
    req: (codes, scope) => ({ method: 'GET', path: `/api/v1/exports/people.csv?unit=${unit(codes, scope)}&subtree=true` }),
    allow: { in: READERS, out: ADMIN },
  },
  'GET /api/v1/exports/people.xlsx': {
    req: (codes, scope) => ({ method: 'GET', path: `/api/v1/exports/people.xlsx?unit=${unit(codes, scope)}` }),
    allow: { in: READERS, out: ADMIN },
  },
  'GET /api/v1/exports/month.csv': {
    req: (codes, scope) => ({ method: 'GET', path: `/api/v1/exports/month.csv?unit=${unit(codes, scope)}&month=${codes.month}` }),
    allow: { in: READERS, out: ADMIN },
  },
  'GET /api/v1/exports/month.xlsx': {
    req: (codes, scope) => ({ method: 'GET', path: `/api/v1/exports/month.xlsx?unit=${unit(codes, scope)}&month=${codes.month}` }),
    allow: { in: READERS, out: ADMIN },
  },
  'GET /api/v1/audit': {
    // personIn is reviewed by the reviewer and in the head's, hr's and viewer's scope
    req: (codes, scope) => ({
      method: 'GET', path: `/api/v1/audit?entity=person&id=${scope === 'in' ? codes.personIn : codes.personOut}`,
    }),
    allow: { in: ['reviewer', 'head', 'hr', 'viewer', 'admin'], out: ADMIN },
  },
  'GET /api/v1/audit/verify': {
    req: only(() => ({ method: 'GET', path: '/api/v1/audit/verify' })),
    allow: { in: ADMIN, out: [] },
  },
};
