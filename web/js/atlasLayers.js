// The catalogue's layers on a map, as the full map page and the embedded map both show them:
// built from /api/collections, fetched the first time they are shown, filtered by the days and
// filters of the state, and the state's incident opened. What each page adds around them (panel,
// event list, editing; or nothing) stays in its own module.
import { features } from './api.js';
import { filtersOf, hasFilters, isTemporal, predicate } from './filters.js';
import { COMPACT_PROPERTIES, IncidentLayer } from './incidentLayer.js';
import { INITIAL_VIEW, PANES } from './map.js';
import { selectionProblem } from './permalink.js';
import { ReferenceLayer } from './referenceLayers.js';
import { daysBetween } from './timeline.js';

export const INCIDENT_LAYERS = ['incidents', 'border_clashes'];

/** The view a link that says nothing opens: the state.js defaults. */
export const DEFAULT_STATE = {
  view: INITIAL_VIEW, base: 'atlas', layers: ['incidents', 'shelled_villages', 'border', 'exposure_zones'],
  time: null, selected: null,
};

/**
 * One entry ({collection, layer}) per collection, in the catalogue's order. onOpen and onShown
 * go to the incident layers (IncidentLayer), incidents (what villages and zones know of the
 * incidents) to the reference layers.
 */
export function createLayers(catalogue, { onOpen, onShown, incidents } = {}) {
  const layers = new Map();
  for (const c of catalogue) {
    const pane = PANES[c.id] ? c.id : undefined;
    const layer = INCIDENT_LAYERS.includes(c.id)
      ? new IncidentLayer(c.id, { pane, onOpen, onShown })
      : new ReferenceLayer(c.id, { pane, incidents });
    layers.set(c.id, { collection: c, layer });
  }
  return layers;
}

/**
 * Fetches a layer's features the first time it is asked for; the same promise after. onStart
 * runs before the first request, onLoaded once every feature is in, before the promise resolves.
 */
export function loadLayer(layers, entry, { onStart = () => {}, onLoaded = () => {}, onError = () => {} } = {}) {
  entry.loading ??= (async () => {
    onStart(entry);
    const properties = entry.layer instanceof IncidentLayer ? COMPACT_PROPERTIES : null;
    // Villages and zones name their incidents and count them under the filters: they need them, shown or not.
    if (entry.layer.listsIncidents && layers.has('incidents')) {
      loadLayer(layers, layers.get('incidents'), { onStart, onLoaded, onError }).catch(onError);
    }
    await features(entry.collection.id, properties, page => entry.layer.add(page));
    entry.loaded = true;
    onLoaded(entry);
  })();
  return entry.loading;
}

/** Gives every layer the test of what the filters and the days select. */
export function refilter(layers, state) {
  const incidentTest = predicate('incidents', state.filters, state.time);
  const active = { days: Boolean(state.time), filters: hasFilters('incidents', state.filters) };
  for (const entry of layers.values()) {
    const id = entry.collection.id;
    entry.layer.setIncidentTest?.(incidentTest, active);
    if (!isTemporal(id) && !filtersOf(id).length) continue;
    entry.layer.setPredicate(predicate(id, state.filters, state.time));
  }
}

/** Every day from the first to the last of the temporal layers' extents, or null when none has one. */
export function catalogueDays(catalogue) {
  const temporal = catalogue.filter(c => c.extent?.temporal?.interval?.[0]?.[0]);
  if (!temporal.length) return null;
  const first = temporal.map(c => c.extent.temporal.interval[0][0].slice(0, 10)).sort()[0];
  const last = temporal.map(c => c.extent.temporal.interval[0][1].slice(0, 10)).sort().at(-1);
  return daysBetween(first, last);
}

/** The incident layer the timeline and the counts describe: the first one shown. */
export function primaryLayer(layers, map) {
  return INCIDENT_LAYERS.map(id => layers.get(id)).find(e => e?.loaded && map.hasLayer(e.layer.group))
    ?? layers.get('incidents');
}

/**
 * Opens the incident the state names ("layer/id"), if any, showing its layer first with
 * show(layerId) when the link leaves it off; resolves to why it could not (permalink.js).
 */
export async function openSelected(layers, map, selected, show) {
  if (!selected) return null;
  const [layerId, id] = selected.split('/');
  const entry = layers.get(layerId);
  // A link's incident is shown even when the link leaves its layer off.
  if (entry?.layer.select && !map.hasLayer(entry.layer.group)) {
    show(layerId);
    await entry.loading;
  }
  return selectionProblem(entry, id, entry?.layer.select?.(id) ?? false);
}
