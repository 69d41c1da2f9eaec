// What a shared link names that the atlas does not have, or hides: the page says so and shows
// what it can instead, so that no link ends on an empty or silently different map.
import { t } from './i18n.js';

/**
 * The layers of a link that the atlas has, and those it lacks. When none is left, the default
 * layers are shown instead.
 */
export function knownLayers(requested, has, defaults) {
  const unknown = requested.filter(id => !has(id));
  const known = requested.filter(id => has(id));
  return { layers: known.length || !unknown.length ? known : [...defaults], unknown, fellBack: !known.length && unknown.length > 0 };
}

/**
 * Why the link's selected incident ("layer/id") did not open: 'layer' when the atlas has no such
 * layer, 'unknown' when the layer has no such incident, 'hidden' when the link's own days or
 * filters hide it; null when it opened.
 */
export function selectionProblem(layerEntry, id, opened) {
  if (opened) return null;
  if (!layerEntry?.layer?.select) return 'layer';
  return layerEntry.layer.byId?.has(id) ? 'hidden' : 'unknown';
}

/** The sentences the status area shows for what the link named but the page cannot show. */
export function linkNotice({ unknownLayers = [], fellBack = false, selected = null, problem = null }) {
  const notes = [];
  if (unknownLayers.length) {
    notes.push(t(fellBack ? 'link.unknownLayersDefault' : 'link.unknownLayers', { layers: unknownLayers.join(', ') }));
  }
  if (problem) {
    const id = selected.split('/')[1];
    // Of a layer the atlas lacks, the whole name is what the reader can recognise.
    if (problem === 'layer') notes.push(t('link.unknownIncident', { id: selected }));
    else if (problem === 'unknown') notes.push(t('link.unknownIncident', { id }));
    else notes.push(t('link.hiddenIncident', { id }));
  }
  return notes.join(' ');
}
