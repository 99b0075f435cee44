// Shared helpers for the command-line tests: run the real canbo binary (the
// sanitizer build unless CANBO_BIN says otherwise) on temporary databases,
// and look inside them with the sqlite3 shell.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN = process.env.CANBO_BIN || path.resolve('build/dev/canbo');

export function tmpdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'canbo-cli-'));
}

// Runs canbo with args; returns {code, stdout, stderr}.
export function canbo(args, opts = {}) {
  const env = { ...process.env, CANBO_DB: '' };
  const r = spawnSync(BIN, args, { encoding: 'utf8', env, maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

// Runs one SQL query with the sqlite3 shell; returns trimmed output.
export function sql(db, query) {
  const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim();
}

export function write(dir, name, content) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

// A small city with an old district and two old wards, as CSV.
export const UNITS_CSV = [
  'Mã,Tên,Mã đơn vị cha,Loại,Khối,Hiệu lực từ',
  'HN,Thành phố Hà Nội,,Thành phố,Khối chính quyền,01/01/2008',
  'HN-SNV,Sở Nội vụ,HN,"Sở, ban, ngành",Chính quyền,01/01/2008',
  'HK-HT,Phường Hàng Trống,HK,Phường,Chính quyền,',   // child before its parent
  'HK,Quận Hoàn Kiếm,HN,Quận,Chính quyền,',
  'HK-HB,Phường Hàng Bạc,HK,Phường,Chính quyền,',
  'P-HK,Phường Hoàn Kiếm,HN,Phường,Chính quyền,01/07/2025',
  'XA-SS,Xã Sóc Sơn,HN,Xã,Chính quyền,01/07/2025',
].join('\r\n') + '\r\n';
