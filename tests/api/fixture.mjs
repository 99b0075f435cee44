// The shared fixture for API tests that need people in every role: the demo
// city with November 2026 opened for the whole tree, one user per role, a
// server, and a signed-in client for each.
//
// In the demo, the economic room of the merged ward Hoàn Kiếm (P-HK-KT) has
//   CB000201  a deputy head of the room        → staff    (evaluated)
//   CB000200  the head of the room             → reviewer (reviews CB000201)
//   CB000165  the chairman of the ward         → head     (decides CB000201's list)
// hr and viewer are scoped to the ward P-HK; admin sees everything.
// Outside that scope: the commune Sóc Sơn (X-SS) and its CB000286.
import { addUser, canbo, demoDb, signIn, startServer } from './helpers.mjs';

export const CODES = {
  month: '11/2026',
  year: 2026,
  unitIn: 'P-HK',
  roomIn: 'P-HK-KT',
  unitOut: 'X-SS',
  roomOut: 'X-SS-VP',
  staff: 'CB000201',
  reviewer: 'CB000200',
  head: 'CB000165',
  personIn: 'CB000257',   // another person of the room (reviewed and decided by CB000200)
  personOut: 'CB000286',
};

export const ROLES = ['staff', 'reviewer', 'head', 'hr', 'viewer', 'admin'];

// Builds the fixture; returns {db, srv, clients: {role: Client}, users, codes, stop()}.
// opts.open: open the month (default true).
export async function fixture(opts = {}) {
  const db = demoDb();
  if (opts.open !== false) {
    const r = canbo(['period', 'open', 'HN', '--month', CODES.month, '--db', db]);
    if (r.code !== 0) throw new Error(`period open: ${r.stderr}`);
  }
  const users = {
    staff: addUser(db, 'nhanvien', 'staff', { person: CODES.staff }),
    reviewer: addUser(db, 'truongphong', 'reviewer', { person: CODES.reviewer }),
    head: addUser(db, 'chutich', 'head', { person: CODES.head, scope: CODES.unitIn }),
    hr: addUser(db, 'tochuc', 'hr', { scope: CODES.unitIn }),
    viewer: addUser(db, 'lanhdao', 'viewer', { scope: CODES.unitIn }),
    admin: addUser(db, 'quantri', 'admin'),
  };
  const srv = await startServer(db);
  const clients = {};
  for (const role of ROLES) clients[role] = await signIn(srv.url, users[role]);
  return { db, srv, clients, users, codes: CODES, stop: () => srv.stop() };
}
