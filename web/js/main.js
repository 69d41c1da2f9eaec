// Wiring: state in the URL, layers from the catalogue, panel, filters, timeline, search and
// downloads. Each part lives in its own module; this one connects them.
import { collections, features, mapSettings } from './api.js';
import { apiQuery, emptyFilters, filtersOf, isTemporal, predicate } from './filters.js';
import { LANGUAGES, preferredLanguage, setLanguage, t, tOr } from './i18n.js';
import { COMPACT_PROPERTIES, IncidentLayer } from './incidentLayer.js';
import { layerSymbol, legendHtml } from './legend.js';
import { createMap, INITIAL_VIEW, PANES, tileLayer } from './map.js';
import { escape } from './popup.js';
import { ReferenceLayer } from './referenceLayers.js';
import { SearchBox } from './search.js';
import { readState, writeState } from './state.js';
import { daysBetween, Timeline } from './timeline.js';

const INCIDENT_LAYERS = ['incidents', 'border_clashes'];
const DEFAULTS = {
  view: INITIAL_VIEW, base: 'atlas', layers: ['incidents', 'shelled_villages', 'border', 'exposure_zones'],
  time: null, filters: emptyFilters(), selected: null,
};
const $ = selector => document.querySelector(selector);
const status = $('#status');
const narrow = window.matchMedia('(max-width: 700px)');

let state = readState(location.hash, DEFAULTS);
const layers = new Map();
let map;
let timeline;
let osm;

function saveState() {
  const c = map.getCenter();
  state.view = { lat: c.lat, lon: c.lng, zoom: map.getZoom() };
  history.replaceState(null, '', writeState(state));
  updateDownload();
}

function layerTitle(c) {
  return tOr(`layer.${c.id}`, c.title);
}

/** Fetches a layer's features the first time it is shown. */
function ensureLoaded(entry) {
  entry.loading ??= (async () => {
    status.textContent = t('app.loadingLayer', { layer: layerTitle(entry.collection) });
    const properties = entry.layer instanceof IncidentLayer ? COMPACT_PROPERTIES : null;
    await features(entry.collection.id, properties, page => entry.layer.add(page));
    entry.loaded = true;
    if (entry.layer instanceof IncidentLayer) populateActors();
    applyFilters();
    status.textContent = '';
  })().catch(error => {
    status.textContent = t('app.loadFailed', { message: error.message });
    status.classList.add('error');
    throw error;
  });
  return entry.loading;
}

function setLayerVisible(id, visible) {
  const entry = layers.get(id);
  if (!entry) return;
  if (visible) {
    entry.layer.group.addTo(map);
    ensureLoaded(entry);
  } else {
    entry.layer.group.remove();
  }
  state.layers = [...layers.keys()].filter(k => k !== 'countries' && map.hasLayer(layers.get(k).layer.group));
  saveState();
  renderDownloadChoices();
}

function renderPanel() {
  for (const [listId, ids] of [['#incident-layers', INCIDENT_LAYERS], ['#reference-layers', null]]) {
    const list = $(listId);
    list.innerHTML = '';
    for (const entry of layers.values()) {
      const c = entry.collection;
      if (c.id === 'countries' || (ids ? !ids.includes(c.id) : INCIDENT_LAYERS.includes(c.id))) continue;
      const li = document.createElement('li');
      li.innerHTML = `<label class="row"><input type="checkbox" value="${escape(c.id)}"${map.hasLayer(entry.layer.group) ? ' checked' : ''}>`
        + ` <span class="layer-symbol">${layerSymbol(c.id)}</span> <span class="layer-title">${escape(layerTitle(c))}</span></label>`
        + `<div class="layer-meta"><span class="count">${escape(t('panel.features', { count: c.featureCount.toLocaleString() }))}</span>`
        + ` · <a class="layer-download" href="/download/${encodeURIComponent(c.id)}.geojson" download`
        + ` aria-label="${escape(t('panel.downloadLayer', { layer: layerTitle(c) }))}">${escape(t('panel.download'))}</a></div>`;
      li.querySelector('input').addEventListener('change', e => setLayerVisible(c.id, e.target.checked));
      list.append(li);
    }
  }
  renderDownloadChoices();
}

function renderDownloadChoices() {
  const select = $('#download-layer');
  const previous = select.value;
  const shown = [...layers.values()].filter(e => e.collection.id !== 'countries' && map.hasLayer(e.layer.group));
  select.innerHTML = shown.map(e => `<option value="${escape(e.collection.id)}">${escape(layerTitle(e.collection))}</option>`).join('');
  if (shown.some(e => e.collection.id === previous)) select.value = previous;
  updateDownload();
}

/** The download link always holds the query of what is on screen. */
function updateDownload() {
  const id = $('#download-layer').value;
  const link = $('#download-link');
  if (!id || !map) {
    link.removeAttribute('href');
    return;
  }
  link.href = `/download/${encodeURIComponent(id)}.geojson?${apiQuery(id, state.filters, state.time, map.getBounds())}`;
}

function populateActors() {
  const names = new Set();
  for (const id of INCIDENT_LAYERS) {
    for (const p of layers.get(id)?.layer.recordsPassing(() => true) ?? []) (p.actor_names ?? []).forEach(n => names.add(n));
  }
  const select = $('#filters select[name=actor]');
  const keep = state.filters.actor;
  select.querySelectorAll('option:not([value=""])').forEach(o => o.remove());
  [...names].sort().forEach(n => select.append(new Option(n, n)));
  select.value = keep;
}

function applyFilters() {
  for (const entry of layers.values()) {
    const id = entry.collection.id;
    if (!isTemporal(id) && !filtersOf(id).length) continue;
    entry.layer.setPredicate(predicate(id, state.filters, state.time));
  }
  const primary = INCIDENT_LAYERS.map(id => layers.get(id)).find(e => e?.loaded && map.hasLayer(e.layer.group))
    ?? layers.get('incidents');
  if (primary?.loaded && timeline) {
    timeline.setCounts(primary.layer.recordsPassing(predicate(primary.collection.id, state.filters, null)));
    $('#filter-count').textContent = t('filters.showing', {
      visible: primary.layer.visibleCount().toLocaleString(), total: primary.layer.records.length.toLocaleString(),
    });
  }
  saveState();
}

function readFilterForm() {
  const form = $('#filters');
  const filters = emptyFilters();
  for (const name of ['event_type', 'country', 'location_precision']) {
    filters[name] = [...form.querySelectorAll(`input[name=${name}]:checked`)].map(i => i.value);
  }
  filters.actor = form.querySelector('select[name=actor]').value;
  filters.min_fatalities = Math.max(0, Number.parseInt(form.querySelector('input[name=min_fatalities]').value, 10) || 0);
  return filters;
}

function writeFilterForm(filters) {
  const form = $('#filters');
  for (const name of ['event_type', 'country', 'location_precision']) {
    form.querySelectorAll(`input[name=${name}]`).forEach(i => { i.checked = filters[name].includes(i.value); });
  }
  form.querySelector('select[name=actor]').value = filters.actor;
  form.querySelector('input[name=min_fatalities]').value = filters.min_fatalities;
}

function setBase(base) {
  state.base = base;
  const countries = layers.get('countries')?.layer;
  if (base === 'osm') {
    osm.addTo(map);
  } else {
    osm.remove();
  }
  countries?.setFilled(base !== 'osm');
  document.querySelector(`input[name=base][value=${base}]`).checked = true;
  saveState();
}

let highlight;

/** Zooms to a search result and marks it; an incident also opens. */
function showResult(option) {
  highlight?.remove();
  if (option.kind === 'incident') {
    const entry = layers.get(option.layer);
    if (entry) {
      setLayerVisible(option.layer, true);
      $(`#incident-layers input[value=${option.layer}]`).checked = true;
      entry.loading.then(() => {
        if (!entry.layer.select(option.id)) map.setView([option.lat, option.lon], 14);
      });
    }
  } else {
    map.setView([option.lat, option.lon], 13);
  }
  highlight = L.circleMarker([option.lat, option.lon], {
    radius: 22, color: '#0b7285', weight: 4, fill: false, className: 'search-highlight', interactive: false,
  }).addTo(map);
}

function setupLanguage() {
  const select = $('#language');
  select.innerHTML = LANGUAGES.map(l => `<option value="${l}">${l.toUpperCase()}</option>`).join('');
  select.value = document.documentElement.lang;
  select.addEventListener('change', async () => {
    await setLanguage(select.value);
    renderPanel();
    legend.update();
    timeline?.render();
    applyFilters();
    map.closePopup();
  });
}

const legend = L.control({ position: 'bottomright' });
legend.onAdd = () => {
  const div = L.DomUtil.create('div', 'legend');
  div.innerHTML = `<button type="button" class="legend-toggle" aria-expanded="false"></button><div class="legend-body" hidden></div>`;
  L.DomEvent.disableClickPropagation(div);
  L.DomEvent.disableScrollPropagation(div);
  const button = div.querySelector('button');
  const body = div.querySelector('.legend-body');
  button.addEventListener('click', () => {
    body.hidden = !body.hidden;
    button.setAttribute('aria-expanded', String(!body.hidden));
  });
  body.hidden = narrow.matches;
  button.setAttribute('aria-expanded', String(!body.hidden));
  legend.update = () => {
    body.innerHTML = legendHtml();
    button.textContent = t('legend.title');
    button.setAttribute('aria-label', t('legend.toggle'));
  };
  legend.update();
  return div;
};

function setupPanel() {
  const toggle = $('#panel-toggle');
  const panel = $('#panel');
  const setOpen = open => {
    panel.classList.toggle('closed', !open);
    toggle.setAttribute('aria-expanded', String(open));
    setTimeout(() => map.invalidateSize(), 250);
  };
  // On a phone the open panel would cover the map: there it starts closed.
  setOpen(!narrow.matches);
  toggle.addEventListener('click', () => setOpen(panel.classList.contains('closed')));
  $('#filters').addEventListener('change', () => {
    state.filters = readFilterForm();
    applyFilters();
  });
  $('#filters-reset').addEventListener('click', () => {
    state.filters = emptyFilters();
    writeFilterForm(state.filters);
    applyFilters();
  });
  document.querySelectorAll('input[name=base]').forEach(i => i.addEventListener('change', () => setBase(i.value)));
  $('#download-layer').addEventListener('change', updateDownload);
}

async function start() {
  await setLanguage(preferredLanguage());
  const [catalogue, settings] = await Promise.all([collections(), mapSettings()]);
  map = createMap('map', state.view);
  osm = tileLayer(settings);
  legend.addTo(map);
  setupLanguage();
  setupPanel();
  writeFilterForm(state.filters);

  for (const c of catalogue) {
    const pane = PANES[c.id] ? c.id : undefined;
    const layer = INCIDENT_LAYERS.includes(c.id)
      ? new IncidentLayer(c.id, { pane, onOpen: (layerId, id, popup) => {
        state.selected = `${layerId}/${id}`;
        saveState();
        popup.on('remove', () => {
          if (state.selected === `${layerId}/${id}`) state.selected = null;
          saveState();
        });
      } })
      : new ReferenceLayer(c.id, { pane });
    layers.set(c.id, { collection: c, layer });
  }

  const temporal = catalogue.filter(c => c.extent?.temporal?.interval?.[0]?.[0]);
  if (temporal.length) {
    const first = temporal.map(c => c.extent.temporal.interval[0][0].slice(0, 10)).sort()[0];
    const last = temporal.map(c => c.extent.temporal.interval[0][1].slice(0, 10)).sort().at(-1);
    timeline = new Timeline($('#timeline'), daysBetween(first, last), range => {
      state.time = timeline.isFull() ? null : range;
      applyFilters();
    });
    timeline.setRange(state.time);
  }

  const shown = new Set(['countries', ...state.layers]);
  const loads = [];
  for (const [id, entry] of layers) {
    if (!shown.has(id)) continue;
    entry.layer.group.addTo(map);
    loads.push(ensureLoaded(entry));
  }
  renderPanel();
  setBase(state.base);
  map.on('moveend', saveState);

  await Promise.all(loads);
  if (state.selected) {
    const [layerId, id] = state.selected.split('/');
    layers.get(layerId)?.layer.select?.(id);
  }
  document.body.dataset.loaded = 'true';
}

new SearchBox($('#search-input'), $('#search-results'), showResult);

/** For people and tests inspecting the page: what is on screen, read from the map itself. */
window.atlas = {
  get map() { return map; },
  visibleIds: id => layers.get(id)?.layer.visibleIds(map.getBounds()) ?? [],
  downloadUrl: () => $('#download-link').href,
};

start().catch(error => {
  status.textContent = t('app.loadFailed', { message: error.message });
  status.classList.add('error');
});
