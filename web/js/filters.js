// What is shown, as one value, and its two readings: a test for a feature on the page and the
// query string of the API. Both follow the server's rules, so a download of "what I see" holds
// exactly the features on the map.

/** The filters of the page; the names are the API's query parameters. */
export function emptyFilters() {
  return { event_type: [], country: [], location_precision: [], actor: '', min_fatalities: 0 };
}

/** Which filters each layer takes; the others ignore them. Keys are layer ids. */
const LAYER_FILTERS = {
  incidents: ['event_type', 'country', 'location_precision', 'actor', 'min_fatalities'],
  border_clashes: ['event_type', 'country', 'location_precision', 'actor', 'min_fatalities'],
  shelled_villages: ['country'],
};

/** The days a feature covers, as the server stores them (t_start, t_end). */
const TIME_PROPERTIES = {
  incidents: ['date', 'date_end'],
  border_clashes: ['date', 'date_end'],
  shelled_villages: ['first_date', 'last_date'],
};

export function isTemporal(layerId) {
  return layerId in TIME_PROPERTIES;
}

export function filtersOf(layerId) {
  return LAYER_FILTERS[layerId] ?? [];
}

function active(name, value) {
  if (name === 'min_fatalities') return value > 0;
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

/**
 * A test for the features of one layer. time is {from, to} (days, inclusive) or null: a feature
 * is in it when its days overlap the range, as the API's datetime interval does.
 */
export function predicate(layerId, filters, time) {
  const tests = [];
  const days = TIME_PROPERTIES[layerId];
  if (days && time) {
    const [start, end] = days;
    tests.push(p => p[start] <= time.to && (p[end] ?? p[start]) >= time.from);
  }
  for (const name of filtersOf(layerId)) {
    const value = filters[name];
    if (!active(name, value)) continue;
    if (name === 'min_fatalities') tests.push(p => (p.fatalities_high ?? 0) >= value);
    else if (name === 'actor') tests.push(p => (p.actor_names ?? []).includes(value));
    else tests.push(p => value.includes(p[name]));
  }
  return p => tests.every(test => test(p));
}

/** The API query parameters that select the same features, bbox included when given. */
export function apiQuery(layerId, filters, time, bounds) {
  const q = new URLSearchParams();
  if (bounds) {
    const round = v => (Math.round(v * 1e5) / 1e5).toString();
    q.set('bbox', [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map(round).join(','));
  }
  if (isTemporal(layerId) && time) q.set('datetime', `${time.from}/${time.to}`);
  for (const name of filtersOf(layerId)) {
    const value = filters[name];
    if (active(name, value)) q.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  return q;
}
