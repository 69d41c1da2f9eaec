// RFC 7946 check of GeoJSON files, by an implementation independent of the server.
// Usage: node check-geojson.mjs FILE...  Prints one JSON line per file: {file, ok, issues}.
import { readFileSync } from 'node:fs';
import { check } from '@placemarkio/check-geojson';

let failed = false;
for (const file of process.argv.slice(2)) {
  let issues = [];
  try {
    check(readFileSync(file, 'utf8'));
  } catch (error) {
    issues = error.issues ?? [{ message: error.message }];
    failed = true;
  }
  console.log(JSON.stringify({ file, ok: issues.length === 0, issues: issues.slice(0, 20) }));
}
process.exit(failed ? 1 : 0);
