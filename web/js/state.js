// The view as a URL: centre and zoom, base map, layers, time range, filters and the selected
// incident live in the location hash, so a copied link opens the same view. Filter names and
// values are those of the API.
import { emptyFilters, LIST_FILTERS } from './filters.js';

export function readState(hash, defaults) {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const state = structuredClone(defaults);
  const map = q.get('map')?.split('/').map(Number);
  if (map?.length === 3 && map.every(Number.isFinite)) {
    state.view = { zoom: map[0], lat: map[1], lon: map[2] };
  }
  if (q.get('base') === 'osm') state.base = 'osm';
  if (q.has('layers')) state.layers = q.get('layers').split(',').filter(Boolean);
  const time = q.get('datetime')?.match(/^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/);
  if (time && time[1] <= time[2]) state.time = { from: time[1], to: time[2] };
  state.filters = emptyFilters();
  for (const name of LIST_FILTERS) {
    if (q.get(name)) state.filters[name] = q.get(name).split(',').map(v => v.trim()).filter(Boolean);
  }
  if (q.get('actor')) state.filters.actor = q.get('actor').trim();
  const min = Number.parseInt(q.get('min_fatalities') ?? '', 10);
  if (min > 0) state.filters.min_fatalities = min;
  if (q.get('selected')?.includes('/')) state.selected = q.get('selected');
  return state;
}

export function writeState(state) {
  const q = new URLSearchParams();
  const { lat, lon, zoom } = state.view;
  q.set('map', `${zoom}/${lat.toFixed(4)}/${lon.toFixed(4)}`);
  if (state.base === 'osm') q.set('base', 'osm');
  q.set('layers', state.layers.join(','));
  if (state.time) q.set('datetime', `${state.time.from}/${state.time.to}`);
  for (const name of LIST_FILTERS) {
    if (state.filters[name].length) q.set(name, state.filters[name].join(','));
  }
  if (state.filters.actor) q.set('actor', state.filters.actor);
  if (state.filters.min_fatalities > 0) q.set('min_fatalities', String(state.filters.min_fatalities));
  if (state.selected) q.set('selected', state.selected);
  // Commas and slashes read better unescaped and are safe in a fragment.
  return '#' + q.toString().replaceAll('%2C', ',').replaceAll('%2F', '/');
}
