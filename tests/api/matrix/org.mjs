// The authorisation matrix of the units and people routes (src/web/api_org.c):
// for every route, the request to send for a scope ('in': the ward P-HK of
// the fixture and its people; 'out': the commune X-SS and its people) and the
// roles that must get past authorisation; every other role must get 403.
//
// Writes send a body that fails validation after the access check (a missing
// date, an unknown gender…), so an allowed request changes nothing either.
//
// Reading units goes through access_unit: a user without a scope reads the
// whole tree. In the fixture that is the staff member and the reviewer (they
// are linked to a person, not to a unit), so they may read X-SS's units too;
// lists of people are not theirs (access_list_scope), nor other people's
// records unless they review them.
const ALL = ['staff', 'reviewer', 'head', 'hr', 'viewer', 'admin'];
const UNSCOPED = ['staff', 'reviewer', 'admin'];
const MANAGE = { in: ['hr', 'admin'], out: ['admin'] };

const unit = (c, s) => (s === 'in' ? c.unitIn : c.unitOut);
const room = (c, s) => (s === 'in' ? c.roomIn : c.roomOut);
const person = (c, s) => (s === 'in' ? c.personIn : c.personOut);

export default {
  'GET /api/v1/units': {
    req: (c, s) => ({ method: 'GET', path: `/api/v1/units?root=${unit(c, s)}&limit=1` }),
    allow: { in: ALL, out: UNSCOPED },
  },
  'GET /api/v1/units/search': {
    req: (c, s) => (s === 'in' ? { method: 'GET', path: '/api/v1/units/search?q=hoan%20kiem' } : null),
    allow: { in: ALL, out: [] },
  },
  'GET /api/v1/units/{code}': {
    req: (c, s) => ({ method: 'GET', path: `/api/v1/units/${unit(c, s)}` }),
    allow: { in: ALL, out: UNSCOPED },
  },
  'GET /api/v1/units/{code}/history': {
    req: (c, s) => ({ method: 'GET', path: `/api/v1/units/${room(c, s)}/history` }),
    allow: { in: ALL, out: UNSCOPED },
  },
  'GET /api/v1/units/{code}/where': {
    req: (c, s) => ({ method: 'GET', path: `/api/v1/units/${room(c, s)}/where` }),
    allow: { in: ALL, out: UNSCOPED },
  },
  'POST /api/v1/units': {
    // no code, name, kind, sector: 400 once the parent is found in scope
    req: (c, s) => ({ method: 'POST', path: '/api/v1/units', body: { parent: unit(c, s) } }),
    allow: MANAGE,
  },
  'PUT /api/v1/units/{code}': {
    req: (c, s) => ({ method: 'PUT', path: `/api/v1/units/${room(c, s)}`, body: { kind: 'không có loại này' } }),
    allow: MANAGE,
  },
  'POST /api/v1/units/merge': {
    // no date
    req: (c, s) => ({ method: 'POST', path: '/api/v1/units/merge', body: { from: [room(c, s)], into: unit(c, s) } }),
    allow: MANAGE,
  },
  'POST /api/v1/units/{code}/split': {
    req: (c, s) => ({ method: 'POST', path: `/api/v1/units/${room(c, s)}/split`, body: { into: [unit(c, s)] } }),
    allow: MANAGE,
  },
  'POST /api/v1/units/{code}/dissolve': {
    req: (c, s) => ({ method: 'POST', path: `/api/v1/units/${room(c, s)}/dissolve`, body: { to: unit(c, s) } }),
    allow: MANAGE,
  },
  'POST /api/v1/units/{code}/move': {
    req: (c, s) => ({ method: 'POST', path: `/api/v1/units/${room(c, s)}/move`, body: { parent: unit(c, s) } }),
    allow: MANAGE,
  },
  'POST /api/v1/units/{code}/rename': {
    req: (c, s) => ({ method: 'POST', path: `/api/v1/units/${room(c, s)}/rename`, body: {} }),
    allow: MANAGE,
  },
  'GET /api/v1/people': {
    req: (c, s) => ({ method: 'GET', path: `/api/v1/people?unit=${unit(c, s)}&subtree=true&limit=1` }),
    allow: { in: ['head', 'hr', 'viewer', 'admin'], out: ['admin'] },
  },
  'GET /api/v1/people/{code}': {
    // personIn is reviewed by the reviewer (CB000200) and in the head's ward
    req: (c, s) => ({ method: 'GET', path: `/api/v1/people/${person(c, s)}` }),
    allow: { in: ['reviewer', 'head', 'hr', 'viewer', 'admin'], out: ['admin'] },
  },
  'POST /api/v1/people': {
    // no code, full name, category: 400 once the post's unit is found in scope
    req: (c, s) => ({ method: 'POST', path: '/api/v1/people', body: { post: { unit: room(c, s) } } }),
    allow: MANAGE,
  },
  'PUT /api/v1/people/{code}': {
    req: (c, s) => ({ method: 'PUT', path: `/api/v1/people/${person(c, s)}`, body: { gender: 'không rõ' } }),
    allow: MANAGE,
  },
  'POST /api/v1/people/{code}/assignments': {
    req: (c, s) => ({ method: 'POST', path: `/api/v1/people/${person(c, s)}/assignments`, body: {} }),
    allow: MANAGE,
  },
  'POST /api/v1/people/{code}/assignments/end': {
    req: (c, s) => ({ method: 'POST', path: `/api/v1/people/${person(c, s)}/assignments/end`, body: {} }),
    allow: MANAGE,
  },
  'POST /api/v1/people/{code}/status': {
    req: (c, s) => ({ method: 'POST', path: `/api/v1/people/${person(c, s)}/status`, body: {} }),
    allow: MANAGE,
  },
};
