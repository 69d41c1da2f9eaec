// The one place that talks to the server.
import { hasKey, t, tOr } from './i18n.js';

// Parameters of the server's messages that are coded values, and the dictionary prefix that names them.
const CODED_PARAMS = {
  status: 'status', from: 'status', to: 'status', role: 'role', yours: 'role', stated: 'side', actual: 'side', country: 'side',
};

/**
 * What an error answer (or one of its field errors) says, in the page's language: the
 * dictionary's text for its message key with its parameters, else the server's English words.
 * An answer carries {"message": {"key", "params"}}; a field error carries key and params itself.
 */
export function errorText(answer, otherwise = '') {
  const text = answer?.message && typeof answer.message === 'object' ? answer.message : answer;
  const english = typeof answer?.message === 'string' ? answer.message : answer?.description;
  if (!text?.key || !hasKey(text.key)) return english ?? otherwise;
  const params = {};
  for (const [name, value] of Object.entries(text.params ?? {})) {
    params[name] = Array.isArray(value) ? value.join(', ')
      : name in CODED_PARAMS && typeof value === 'string' ? tOr(`${CODED_PARAMS[name]}.${value}`, value) : value;
  }
  return t(text.key, params);
}

/** A refused request: the HTTP status, the API's error code and, for a refused record, its field errors. */
export class ApiError extends Error {
  constructor(status, body, url) {
    super(errorText(body, `${status} for ${url}`));
    this.status = status;
    this.code = body?.code ?? null;
    this.description = body?.description ?? null;
    // Each field error's message in the page's language too; the server's words stay in description.
    this.errors = Array.isArray(body?.errors)
      ? body.errors.map(e => ({ ...e, description: e.message, message: errorText(e, e.message) })) : [];
  }
}

/**
 * One request. The bearer token goes only where it is given: the public layers are read without
 * it, so they load whatever becomes of a token. Resolves to the JSON body and the ETag.
 */
async function request(url, { method = 'GET', token = null, body, contentType = 'application/json', ifMatch = null } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = contentType;
  if (ifMatch) headers['If-Match'] = ifMatch;
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, json, url);
  return { body: json, etag: response.headers.get('ETag') };
}

/** GET a JSON document; throws an ApiError with the server's message on failure. */
export async function getJson(url) {
  return (await request(url)).body;
}

export function collections() {
  return getJson('/api/collections').then(doc => doc.collections);
}

export function mapSettings() {
  return getJson('/map-settings.json');
}

/** A header value as the server sends it: ASCII, or an RFC 8187 ext-value for other characters. */
function headerText(value) {
  if (!value) return '';
  return value.startsWith("UTF-8''") ? decodeURIComponent(value.slice(7)) : value;
}

/**
 * What a download of a layer with that query says about itself (docs/downloads.md, Citation),
 * read from its headers alone (HEAD): {attribution, licence, citation}.
 */
export async function downloadCitation(layerId, query) {
  const url = `/download/${encodeURIComponent(layerId)}.geojson?${query}`;
  const response = await fetch(url, { method: 'HEAD' });
  if (!response.ok) throw new ApiError(response.status, null, url);
  const get = name => headerText(response.headers.get(name));
  return { attribution: get('X-Atlas-Attribution'), licence: get('X-Atlas-Licence'), citation: get('X-Atlas-Citation') };
}

/** A served feature with its ETag, the version a change made from it must name. */
export function featureWithEtag(collectionId, featureId) {
  return request(`/api/collections/${encodeURIComponent(collectionId)}/items/${encodeURIComponent(featureId)}`);
}

export function search(query, limit = 8) {
  return getJson(`/api/search?q=${encodeURIComponent(query)}&limit=${limit}`);
}

const PAGE = 10000;
const PARALLEL_PAGES = 3;

/**
 * All features of a collection, only with the given properties (all when null). The first page
 * tells how many there are; the rest are fetched a few at a time, each handed to onPage as it
 * arrives so the map can draw before the last one is in.
 */
export async function features(collectionId, properties, onPage) {
  const base = `/api/collections/${encodeURIComponent(collectionId)}/items?limit=${PAGE}`
    + (properties ? `&properties=${properties.join(',')}` : '');
  const first = await getJson(`${base}&offset=0`);
  onPage(first.features);
  const offsets = [];
  for (let offset = PAGE; offset < first.numberMatched; offset += PAGE) offsets.push(offset);
  let next = 0;
  async function worker() {
    while (next < offsets.length) {
      const page = await getJson(`${base}&offset=${offsets[next++]}`);
      onPage(page.features);
    }
  }
  await Promise.all(Array.from({ length: PARALLEL_PAGES }, worker));
  return first.numberMatched;
}

/** One page of a collection's features that the query (URLSearchParams of the API's parameters) selects. */
export function items(collectionId, query) {
  return getJson(`/api/collections/${encodeURIComponent(collectionId)}/items?${query}`);
}

/** Settlements of the gazetteer inside a box (west, south, east, north). */
export function settlementsIn([west, south, east, north]) {
  return getJson(`/api/collections/settlements/items?limit=1000&bbox=${[west, south, east, north].join(',')}`
    + '&properties=name,country,admin1,admin2').then(doc => doc.features);
}

// ---- signed in: the caller's token goes with each of these ----

const ITEMS = '/api/collections/incidents/items';

/** Who the token belongs to: {name, role}. */
export async function me(token) {
  return (await request('/api/me', { token })).body;
}

/** A new incident record; resolves to {body: the stored record, etag}. */
export function createIncident(token, feature) {
  return request(ITEMS, { method: 'POST', token, body: feature, contentType: 'application/geo+json' });
}

/** A record as it stands, drafts included; resolves to {body, etag}. */
export function incidentRecord(token, id) {
  return request(`${ITEMS}/${encodeURIComponent(id)}`, { token });
}

/** Moves a record through review; etag is that of the version the caller saw. */
export function moveRecord(token, id, etag, status, reason) {
  return request(`${ITEMS}/${encodeURIComponent(id)}/status`, {
    method: 'POST', token, ifMatch: etag, body: reason == null ? { status } : { status, reason },
  });
}

/** Replaces a record (PUT) with the version it was based on; resolves to {body, etag}. */
export function replaceIncident(token, id, etag, feature) {
  return request(`${ITEMS}/${encodeURIComponent(id)}`, {
    method: 'PUT', token, ifMatch: etag, body: feature, contentType: 'application/geo+json',
  });
}

/** Archives a record (DELETE) with the reason the server asks for. */
export function archiveIncident(token, id, etag, reason) {
  return request(`${ITEMS}/${encodeURIComponent(id)}?reason=${encodeURIComponent(reason)}`, { method: 'DELETE', token, ifMatch: etag });
}

/** Merges record from into record into; etag is that of into, which keeps both's sources and claims. */
export function mergeIncidents(token, into, etag, from, reason) {
  return request(`${ITEMS}/${encodeURIComponent(into)}/merge`, { method: 'POST', token, ifMatch: etag, body: { from, reason } });
}

/** Every version of a record, oldest first: {id, versions: [{version, status, reason, author, written_at, note, changed}]}. */
export async function incidentHistory(token, id) {
  return (await request(`${ITEMS}/${encodeURIComponent(id)}/history`, { token })).body;
}

/** A record as it was in version n. */
export async function incidentVersion(token, id, n) {
  return (await request(`${ITEMS}/${encodeURIComponent(id)}/history/${n}`, { token })).body;
}

/** Records not yet published, newest change first. */
export async function recordsInProgress(token, statuses = ['draft', 'in_review']) {
  return (await request(`/api/records?status=${statuses.join(',')}`, { token })).body.records;
}
