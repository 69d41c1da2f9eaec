// The one place that talks to the server.

/** GET a JSON document; throws an Error with the server's message on failure. */
export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(body?.description ?? `${response.status} ${response.statusText} for ${url}`);
  }
  return body;
}

export function collections() {
  return getJson('/api/collections').then(doc => doc.collections);
}

export function mapSettings() {
  return getJson('/map-settings.json');
}

export function feature(collectionId, featureId) {
  return getJson(`/api/collections/${encodeURIComponent(collectionId)}/items/${encodeURIComponent(featureId)}`);
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
