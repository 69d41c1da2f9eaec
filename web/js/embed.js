// The embedded map (/embed), for other sites' <iframe>s: the map, its legend and the timeline,
// with the state of its address read as the full map reads it (state.js), and a link that opens
// the same view in the full atlas. No panel, search, sign-in or editing; the base map is always
// the atlas's own, so the page asks no host but the atlas.
import { collections } from './api.js';
import { catalogueDays, createLayers, DEFAULT_STATE, loadLayer, openSelected, primaryLayer, refilter } from './atlasLayers.js';
import { BaseLabels } from './baseLabels.js';
import { apiQuery, learnFilters, predicate } from './filters.js';
import { preferredLanguage, setLanguage, t } from './i18n.js';
import { legendControl } from './legend.js';
import { createMap, INITIAL_VIEW } from './map.js';
import { MapControls } from './mapControls.js';
import { loadPeriodClaims } from './periodClaims.js';
import { knownLayers, linkNotice } from './permalink.js';
import { keepClear } from './popupRoom.js';
import { readState, writeState } from './state.js';
import { Timeline } from './timeline.js';

const status = document.querySelector('#status');
// In a small frame the legend starts folded, as on a phone: the map needs the room.
const small = window.matchMedia('(max-width: 700px), (max-height: 600px)');
const state = readState(location.hash, DEFAULT_STATE);
let map;
let layers;
let timeline;
let openLink;

function showError(error) {
  status.textContent = t('app.loadFailed', { message: error.message });
  status.classList.add('error');
}

/** The embed's own address and its link to the full map follow the view, as the full map's address does. */
function saveState() {
  const c = map.getCenter();
  state.view = { lat: c.lat, lon: c.lng, zoom: map.getZoom() };
  const fragment = writeState(state);
  history.replaceState(null, '', fragment);
  if (openLink) openLink.href = `/${fragment}`;
}

function load(entry) {
  return loadLayer(layers, entry, {
    onLoaded: () => {
      refilter(layers, state);
      summarize();
      saveState();
    },
    onError: showError,
  });
}

function show(id) {
  const entry = layers.get(id);
  if (!entry) return;
  entry.layer.group.addTo(map);
  load(entry).catch(showError);
  if (!state.layers.includes(id)) state.layers.push(id);
}

function summarize() {
  const primary = primaryLayer(layers, map);
  if (primary?.loaded && timeline) {
    timeline.setCounts(primary.layer.recordsPassing(predicate(primary.collection.id, state.filters, null)));
  }
}

function openIncident(layerId, id) {
  map.closePopup();
  show(layerId);
  layers.get(layerId).loading.then(() => {
    if (!layers.get(layerId).layer.select(id)) {
      status.textContent = t('search.hidden', { id });
      setTimeout(() => { status.textContent = ''; }, 6000);
    }
  }).catch(showError);
}

function rememberSelection(layerId, id, popup) {
  state.selected = `${layerId}/${id}`;
  saveState();
  popup.on('remove', () => {
    if (state.selected === `${layerId}/${id}`) state.selected = null;
    saveState();
  });
}

/** "Open in Incident Atlas": the full map with this view, in a new tab, never inside the frame. */
function openLinkControl() {
  const control = L.control({ position: 'topright' });
  control.onAdd = () => {
    const div = L.DomUtil.create('div', 'embed-open');
    div.innerHTML = '<a target="_blank" rel="noopener"></a>';
    L.DomEvent.disableClickPropagation(div);
    openLink = div.querySelector('a');
    openLink.textContent = t('embed.open');
    openLink.title = t('embed.openTitle');
    return div;
  };
  return control;
}

async function start() {
  await setLanguage(preferredLanguage());
  document.title = t('app.pageTitle');
  const catalogue = await collections();
  loadPeriodClaims().catch(() => {});
  learnFilters(catalogue);
  map = createMap('map', state.view);
  const legend = legendControl(small.matches).addTo(map);
  new MapControls(map).relabel();
  openLinkControl().addTo(map);
  map.on('popupopen', e => keepClear(map, e.popup, legend));

  layers = createLayers(catalogue, {
    onOpen: rememberSelection,
    incidents: {
      having: (property, value) => {
        const entry = layers.get('incidents');
        return entry?.loaded ? entry.layer.having(property, value) : null;
      },
      query: () => apiQuery('incidents', state.filters, state.time),
      open: id => openIncident('incidents', id),
    },
  });
  const linked = knownLayers(state.layers, id => layers.has(id), DEFAULT_STATE.layers);
  state.layers = linked.layers;

  const days = catalogueDays(catalogue);
  if (days) {
    timeline = new Timeline(document.querySelector('#timeline'), days, range => {
      state.time = timeline.isFull() ? null : range;
      refilter(layers, state);
      saveState();
    });
    timeline.setRange(state.time);
    state.time = timeline.isFull() ? null : timeline.range();
  }

  refilter(layers, state);
  const loads = [];
  for (const id of ['countries', ...state.layers]) {
    const entry = layers.get(id);
    if (!entry) continue;
    entry.layer.group.addTo(map);
    loads.push(load(entry));
  }
  layers.get('countries')?.layer.setFilled(true);
  const labels = new BaseLabels({ countries: () => layers.get('countries')?.layer.features });
  labels.addTo(map);
  layers.get('countries')?.loading?.then(() => labels.redraw(), () => {});
  saveState();
  map.on('moveend', saveState);

  await Promise.all(loads);
  const selected = state.selected;
  const problem = await openSelected(layers, map, selected, show);
  if (problem) {
    state.selected = null;
    if (problem !== 'hidden') map.setView([INITIAL_VIEW.lat, INITIAL_VIEW.lon], INITIAL_VIEW.zoom);
    saveState();
  }
  const notice = linkNotice({ unknownLayers: linked.unknown, fellBack: linked.fellBack, selected, problem });
  if (notice) status.textContent = notice;
  document.body.dataset.loaded = 'true';
}

/** For tests and people inspecting the frame: the map and what is on screen. */
window.atlas = {
  get map() { return map; },
  visibleIds: id => layers?.get(id)?.layer.visibleIds(map.getBounds()) ?? [],
  get state() { return structuredClone(state); },
};

start().catch(showError);
