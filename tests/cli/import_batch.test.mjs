// The importer writes new people 24 to a statement (people_batch); with
// CANBO_IMPORT_ROW_BY_ROW=1 it sends every record through people_put() one
// by one, as before. Both must leave the same database: same ids, names,
// search folds, sort keys, defaults, posts and leader flags. A generated
// workforce of 90,000 people (over 8 MB: the bulk path that rebuilds the
// name indexes) is imported both ways, then re-imported with changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PG, canbo, sql, tmpdir, write } from './helpers.mjs';

const PEOPLE = 'id, code, full_name, name_fold, hex(name_key), other_name, birth_date, gender,' +
  ' ethnicity, religion, birth_place, home_town, category, rank_name, rank_code, salary_step,' +
  ' salary_coef, salary_from, degree, major, llct, qlnn, it_level, language, party_joined,' +
  ' party_official, status, status_from';
const POSTS = 'id, person_id, unit_id, kind, position, is_leader, leader_level, valid_from,' +
  ' valid_to, decision_no, event_id';

function importPeople(file, db, rowByRow, extra = []) {
  const env = { ...process.env, CANBO_DB: '', CANBO_IMPORT_ROW_BY_ROW: rowByRow ? '1' : '0' };
  return canbo(['import', 'people', file, '--db', db, ...extra], { env });
}

// Rows of a that b lacks plus rows of b that a lacks (0 when the same; on
// PostgreSQL, which cannot attach another database, 0 or 1).
function differences(a, b, table, cols) {
  if (PG) {
    const q = `SELECT ${cols} FROM ${table} ORDER BY id`;
    return sql(a, q) === sql(b, q) ? 0 : 1;
  }
  return Number(sql(a, `ATTACH '${b}' AS o; SELECT (SELECT COUNT(*) FROM (SELECT ${cols} FROM main.${table}` +
    ` EXCEPT SELECT ${cols} FROM o.${table})) + (SELECT COUNT(*) FROM (SELECT ${cols} FROM o.${table}` +
    ` EXCEPT SELECT ${cols} FROM main.${table}))`));
}

function assertSame(a, b) {
  assert.equal(sql(a, 'SELECT COUNT(*) FROM people'), sql(b, 'SELECT COUNT(*) FROM people'));
  assert.equal(differences(a, b, 'people', PEOPLE), 0, 'people differ');
  assert.equal(differences(a, b, 'assignments', POSTS), 0, 'assignments differ');
  // the same Vietnamese order, by the rebuilt sort-key index
  const order = 'SELECT group_concat(id) FROM (SELECT id FROM people INDEXED BY people_name_key ORDER BY name_key LIMIT 2000)';
  assert.equal(sql(a, order), sql(b, order));
}

test('batched and row-by-row imports leave the same database', () => {
  const dir = tmpdir();
  const csv = path.join(dir, 'people.csv');
  const units = path.join(dir, 'units.csv');
  let r = canbo(['gen', '--people', '90000', '--seed', '7', '--no-db', '--quiet', '--csv', csv, '--units-csv', units]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(fs.statSync(csv).size > 8 << 20, 'large enough for the bulk path');
  const dbs = ['batch.db', 'rows.db'].map((n) => path.join(dir, n));
  for (const db of dbs) {
    assert.equal(canbo(['init', '--db', db]).code, 0);
    assert.equal(canbo(['import', 'units', units, '--db', db]).code, 0);
  }
  r = importPeople(csv, dbs[0], false);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã nhập 90\.000 dòng: 90\.000 mới, 0 cập nhật, 0 không đổi/);
  r = importPeople(csv, dbs[1], true);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Đã nhập 90\.000 dòng: 90\.000 mới, 0 cập nhật, 0 không đổi/);
  assertSame(dbs[0], dbs[1]);
  // the indexes the bulk path dropped are back, exactly as created by init
  const fresh = path.join(dir, 'fresh.db');
  assert.equal(canbo(['init', '--db', fresh]).code, 0);
  const schema = PG
    ? "SELECT string_agg(indexname || ' ' || indexdef, chr(10) ORDER BY indexname) FROM pg_indexes WHERE schemaname = current_schema()"
    : "SELECT group_concat(type || ' ' || name || ' ' || ifnull(sql, ''), char(10)) FROM (SELECT * FROM sqlite_master ORDER BY name)";
  assert.equal(sql(dbs[0], schema), sql(fresh, schema));

  // again, another day: some people moved or renamed, new ones between
  const lines = fs.readFileSync(csv, 'utf8').split('\n').filter((l) => l);
  const out = [lines[0]];
  for (let i = 1; i <= 3000; i++) {
    const cells = lines[i].split(',');
    if (i % 3 === 0) cells[5] = 'Phó Trưởng phòng';                 // post change: history
    if (i % 7 === 0) cells[1] = cells[1].replace(/ \S+$/, ' Thảo'); // new given name: keys
    out.push(cells.join(','));
    if (i % 50 === 0)
      for (let k = 0; k < 20; k++) out.push(`NEW${i}-${k},Ngô Thị Mới ${String.fromCharCode(65 + k)}a,01/02/1990,Nữ,${cells[4]},Chuyên viên,CC,01.003,,`);
  }
  const again = write(dir, 'again.csv', out.join('\n') + '\n');
  const results = dbs.map((db, k) => importPeople(again, db, k === 1, ['--date', '01/03/2026']));
  for (const res of results) assert.equal(res.code, 0, res.stderr);
  assert.equal(results[0].stdout, results[1].stdout);
  assert.match(results[0].stdout, /1\.200 mới/);
  assertSame(dbs[0], dbs[1]);
  assert.equal(sql(dbs[0], 'PRAGMA integrity_check'), 'ok');
  fs.rmSync(dir, { recursive: true });
});
