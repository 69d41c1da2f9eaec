// What is shown, as one value, and its two readings: a test for a feature on the page and the
// query string of the API. Which parameters filter which layer, and how, comes from the
// collections' filterParameters, so the page applies exactly the server's rules and a download
// of "what I see" holds exactly the features on the map.

/** The filters that hold a list of values to keep. */
export const LIST_FILTERS = ['event_type', 'country', 'location_precision'];

/** The filters of the page; the names are the API's query parameters. */
export function emptyFilters() {
  return { event_type: [], country: [], location_precision: [], actor: '', min_fatalities: 0 };
}

/** The days a feature covers, as the server stores them (t_start, t_end). */
const TIME_PROPERTIES = {
  incidents: ['date', 'date_end'],
  border_clashes: ['date', 'date_end'],
  shelled_villages: ['first_date', 'last_date'],
};

const layerFilters = new Map();

/** Reads, per collection, the parameters that filter it ({parameter, property, kind}). */
export function learnFilters(collections) {
  for (const c of collections) layerFilters.set(c.id, c.filterParameters ?? []);
}

export function isTemporal(layerId) {
  return layerId in TIME_PROPERTIES;
}

export function filtersOf(layerId) {
  return (layerFilters.get(layerId) ?? []).map(f => f.parameter);
}

/** Whether any filter of the layer (the days aside) narrows what it shows. */
export function hasFilters(layerId, filters) {
  return filtersOf(layerId).some(parameter => values(filters, parameter).length > 0);
}

/** The values of a filter as a list; an empty list (or 0 for a minimum) means "no filter". */
function values(filters, parameter) {
  const v = filters[parameter];
  if (Array.isArray(v)) return v;
  if (typeof v === 'number') return v > 0 ? [v] : [];
  return v ? [v] : [];
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
  for (const { parameter, property, kind } of layerFilters.get(layerId) ?? []) {
    const wanted = values(filters, parameter);
    if (!wanted.length) continue;
    if (kind === 'at-least') tests.push(p => (p[property] ?? 0) >= wanted[0]);
    else if (kind === 'list-contains-any-of') tests.push(p => (p[property] ?? []).some(v => wanted.includes(v)));
    else tests.push(p => wanted.includes(p[property]));
  }
  return p => tests.every(test => test(p));
}

/** The API query parameters that select the same features, bbox included when given. */
export function apiQuery(layerId, filters, time, bounds) {
  const q = new URLSearchParams();
  // The bounds go at full precision: rounded, a marker at the edge of the screen could fall out.
  if (bounds) q.set('bbox', [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].join(','));
  if (isTemporal(layerId) && time) q.set('datetime', `${time.from}/${time.to}`);
  for (const parameter of filtersOf(layerId)) {
    const wanted = values(filters, parameter);
    if (wanted.length) q.set(parameter, wanted.join(','));
  }
  return q;
}
