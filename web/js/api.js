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

/** All features of a collection, following the API's next links page by page. */
export async function allFeatures(collectionId) {
  const features = [];
  let url = `/api/collections/${encodeURIComponent(collectionId)}/items?limit=10000`;
  while (url) {
    const page = await getJson(url);
    features.push(...page.features);
    url = page.links.find(l => l.rel === 'next')?.href;
  }
  return { type: 'FeatureCollection', features };
}
