// Wiring: state in the URL, layers from the catalogue, panel, filters, timeline, search,
// downloads, and sign-in with edit mode. Each part lives in its own module; this one connects them.
import { AccountControl } from './account.js';
import { collections, mapSettings } from './api.js';
import { catalogueDays, createLayers, DEFAULT_STATE, INCIDENT_LAYERS, loadLayer, openSelected, primaryLayer as firstShown,
  refilter as refilterLayers } from './atlasLayers.js';
import { DraftLayer } from './draftLayer.js';
import { layerDownloadsHtml, ViewDownload } from './downloads.js';
import { EditPanel } from './editPanel.js';
import { Charts } from './charts.js';
import { EventList } from './eventList.js';
import { FilterForm } from './filterForm.js';
import { BaseLabels } from './baseLabels.js';
import { apiQuery, emptyFilters, learnFilters, predicate } from './filters.js';
import { LANGUAGES, language, preferredLanguage, setLanguage, t, tOr } from './i18n.js';
import { HistoryView } from './historyView.js';
import { IncidentLayer } from './incidentLayer.js';
import { layerSymbol, legendControl } from './legend.js';
import { keepClear } from './popupRoom.js';
import { createMap, INITIAL_VIEW, tileLayer } from './map.js';
import { MapControls } from './mapControls.js';
import { knownLayers, linkNotice } from './permalink.js';
import { RecordActions } from './recordActions.js';
import { SearchBox, placeZoom } from './search.js';
import { Session } from './session.js';
import { ShareDialog } from './share.js';
import { readState, writeState } from './state.js';
import { escape } from './text.js';
import { Timeline } from './timeline.js';
import { TileStatus } from './tileStatus.js';
import { loadPeriodClaims } from './periodClaims.js';
import { mapPicture, PICTURE_SIZES } from './mapPicture.js';
import { PictureControl } from './pictureDialog.js';
import { pictureTexts } from './pictureTexts.js';

/** The layers derived from the incidents: what changes when a record is published. */
const DERIVED_LAYERS = [...INCIDENT_LAYERS, 'shelled_villages', 'exposure_zones'];
const DEFAULTS = DEFAULT_STATE;
const $ = selector => document.querySelector(selector);
const status = $('#status');
const narrow = window.matchMedia('(max-width: 700px)');

let state = readState(location.hash, DEFAULTS);
const layers = new Map();
let map;
let timeline;
let osm;
let legend;
let mapControls;
let filterForm;
let highlight;
let setPanelOpen;
let editPanel;
let historyView;
let recordActions;
let baseLabels;
let tileStatus;
let eventList;
let charts;
let draftLayer;
let viewDownload;
let pictureControl;
const session = new Session();
const account = new AccountControl($('#account'), session);
// The address always holds the view (saveState), so what it holds is what is shared.
const shareDialog = new ShareDialog($('#share'), $('#share-open'), {
  fragment: () => location.hash, preview: async () => (await picture(PICTURE_SIZES[0])).blob,
});

function saveState() {
  const c = map.getCenter();
  state.view = { lat: c.lat, lon: c.lng, zoom: map.getZoom() };
  history.replaceState(null, '', writeState(state));
  updateDownload();
}

function showError(error) {
  status.textContent = t('app.loadFailed', { message: error.message });
  status.classList.add('error');
}

function layerTitle(c) {
  return tOr(`layer.${c.id}`, c.title);
}

/** Fetches a layer's features the first time it is shown. */
function ensureLoaded(entry) {
  return loadLayer(layers, entry, {
    onStart: e => { status.textContent = t('app.loadingLayer', { layer: layerTitle(e.collection) }); },
    onLoaded: e => {
      if (e.layer instanceof IncidentLayer) {
        updateActors();
        summarize();
        refilter();
      }
      saveState();
      status.textContent = '';
    },
    onError: showError,
  });
}

function setLayerVisible(id, visible) {
  const entry = layers.get(id);
  if (!entry) return;
  if (visible) {
    entry.layer.group.addTo(map);
    ensureLoaded(entry).catch(showError);
  } else {
    entry.layer.group.remove();
  }
  const box = [...document.querySelectorAll('#incident-layers input, #reference-layers input')].find(i => i.value === id);
  if (box) box.checked = visible;
  state.layers = [...layers.keys()].filter(k => k !== 'countries' && map.hasLayer(layers.get(k).layer.group));
  saveState();
  renderDownloadChoices();
  // The count and the days describe the first incident layer on the map; one that loads
  // summarizes itself when it arrives.
  if (entry.layer instanceof IncidentLayer && entry.loaded) summarize();
}

function renderPanel() {
  for (const [listId, incident] of [['#incident-layers', true], ['#reference-layers', false]]) {
    const list = $(listId);
    list.innerHTML = '';
    for (const { collection: c, layer } of layers.values()) {
      if (c.id === 'countries' || INCIDENT_LAYERS.includes(c.id) !== incident) continue;
      const li = document.createElement('li');
      li.innerHTML = `<label class="row"><input type="checkbox" value="${escape(c.id)}"${map.hasLayer(layer.group) ? ' checked' : ''}>`
        + ` <span class="layer-symbol">${layerSymbol(c.id)}</span> <span class="layer-title">${escape(layerTitle(c))}</span></label>`
        + `<div class="layer-meta"><span class="count">${escape(t('panel.features', { count: c.featureCount }))}</span>`
        + ` · ${layerDownloadsHtml(c, layerTitle(c))}</div>`;
      li.querySelector('input').addEventListener('change', e => setLayerVisible(c.id, e.target.checked));
      list.append(li);
    }
  }
  renderDownloadChoices();
}

function renderDownloadChoices() {
  viewDownload.setLayers([...layers.values()].filter(e => e.collection.id !== 'countries' && map.hasLayer(e.layer.group))
    .map(e => ({ id: e.collection.id, title: layerTitle(e.collection) })));
}

/** The download link always holds the query of what is on screen. */
function updateDownload() {
  viewDownload?.update();
}

function updateActors() {
  const names = new Set();
  for (const id of INCIDENT_LAYERS) {
    for (const p of layers.get(id)?.layer.recordsPassing(() => true) ?? []) (p.actor_names ?? []).forEach(n => names.add(n));
  }
  filterForm.setActors([...names], state.filters.actor);
}

/** The incident layer the timeline and the count describe: the first one shown. */
function primaryLayer() {
  return firstShown(layers, map);
}

/** Gives every layer the test of what the filters and the days select. */
function refilter() {
  refilterLayers(layers, state);
}

/**
 * Shows what the filters and the days select. When only the days changed, the histogram stays
 * as it is (it counts every day), which keeps dragging the timeline light on large layers.
 */
function applyFilters({ daysOnly = false } = {}) {
  // The charts' numbers are asked for first: the server sums them while the page filters the map.
  charts?.update();
  refilter();
  summarize({ daysOnly, chartsAsked: true });
  saveState();
}

/** The timeline's histogram, the count of incidents shown, the event list and the charts. */
function summarize({ daysOnly = false, chartsAsked = false } = {}) {
  const primary = primaryLayer();
  if (primary?.loaded && timeline) {
    if (!daysOnly) timeline.setCounts(primary.layer.recordsPassing(predicate(primary.collection.id, state.filters, null)));
    $('#filter-count').textContent = t('filters.showing', {
      visible: primary.layer.visibleCount(), total: primary.layer.records.length, count: primary.layer.records.length,
    });
  }
  eventList?.update();
  if (!chartsAsked) charts?.update();
}

function setBase(base) {
  state.base = base;
  if (base === 'osm') osm.addTo(map);
  else osm.remove();
  // Street tiles name places themselves; ours would clutter them.
  if (base === 'osm') baseLabels.remove();
  else baseLabels.addTo(map);
  layers.get('countries')?.layer.setFilled(base !== 'osm');
  document.querySelector(`input[name=base][value=${base}]`).checked = true;
  saveState();
}

/** Zooms to a search result and rings it; an incident also opens, or says why it cannot. */
function showResult(option) {
  highlight?.remove();
  highlight = L.circleMarker([option.lat, option.lon], {
    radius: 22, color: '#0b7285', weight: 4, fill: false, className: 'search-highlight', interactive: false,
  }).addTo(map);
  if (option.kind !== 'incident' || !layers.has(option.layer)) {
    map.setView([option.lat, option.lon], placeZoom(option.place));
    return;
  }
  setLayerVisible(option.layer, true);
  layers.get(option.layer).loading.then(() => {
    if (!layers.get(option.layer).layer.select(option.id)) {
      map.setView([option.lat, option.lon], 14);
      status.textContent = t('search.hidden', { id: option.id });
      setTimeout(() => { status.textContent = ''; }, 6000);
    }
  }).catch(showError);
}

/**
 * Opens an incident named elsewhere (a row of the event list, a village's or a zone's list),
 * showing its layer if it is hidden, or says why it cannot.
 */
function openIncident(layerId, id) {
  const entry = layers.get(layerId);
  map.closePopup();
  if (narrow.matches) setPanelOpen(false);
  setLayerVisible(layerId, true);
  entry.loading.then(() => {
    if (!entry.layer.select(id)) {
      status.textContent = t('search.hidden', { id });
      setTimeout(() => { status.textContent = ''; }, 6000);
    }
  }).catch(showError);
}

/** Strings Leaflet draws itself: zoom buttons, the attribution line, the popup's close button. */
function translateMapControls() {
  mapControls.relabel();
  document.title = t('app.pageTitle');
}

function setupLanguage() {
  const select = $('#language');
  select.innerHTML = LANGUAGES.map(l => `<option value="${l.code}" lang="${l.code}">${escape(l.name)}</option>`).join('');
  select.value = language();
  select.addEventListener('change', async () => {
    const selected = state.selected;
    await setLanguage(select.value);
    renderPanel();
    legend.update();
    translateMapControls();
    timeline?.relabel();
    for (const entry of layers.values()) entry.layer.relabel?.();
    account.render();
    editPanel?.relabel();
    draftLayer?.relabel();
    historyView?.relabel();
    baseLabels.redraw();
    tileStatus.relabel();
    eventList?.relabel();
    charts?.relabel();
    shareDialog.relabel();
    pictureControl?.relabel();
    applyFilters();
    // An open record is shown again in the new language.
    if (selected) {
      map.closePopup();
      state.selected = selected;
      reopenSelected();
    }
  });
}

function setupPanel() {
  const toggle = $('#panel-toggle');
  const panel = $('#panel');
  const setOpen = open => {
    panel.classList.toggle('closed', !open);
    toggle.setAttribute('aria-expanded', String(open));
    setTimeout(() => map.invalidateSize(), 250);
  };
  setPanelOpen = setOpen;
  // On a phone the open panel would cover the map: there it starts closed.
  setOpen(!narrow.matches);
  toggle.addEventListener('click', () => {
    const open = panel.classList.contains('closed');
    // On a phone one drawer at a time: the layers or the editing.
    if (open && narrow.matches && editPanel?.open) editPanel.setOpen(false);
    setOpen(open);
  });
  filterForm = new FilterForm($('#filters'), filters => {
    state.filters = filters;
    applyFilters();
  });
  filterForm.write(state.filters);
  $('#filters-reset').addEventListener('click', () => {
    state.filters = emptyFilters();
    filterForm.write(state.filters);
    applyFilters();
  });
  document.querySelectorAll('input[name=base]').forEach(i => i.addEventListener('change', () => setBase(i.value)));
  viewDownload = new ViewDownload($('#download'), {
    query: id => (map ? apiQuery(id, state.filters, state.time, map.getBounds()) : null),
    collection: id => layers.get(id)?.collection,
  });
}

/**
 * After a change that reached the public layers (a record published, archived or merged): the
 * catalogue's counts and days and every layer derived from the incidents are read again, those
 * on the map at once, the others when next shown.
 */
async function refreshLayers() {
  const catalogue = await collections();
  learnFilters(catalogue);
  for (const c of catalogue) {
    const entry = layers.get(c.id);
    if (entry) entry.collection = c;
  }
  renderPanel();
  // A record dated outside the days known so far widens the timeline, so that it is not hidden.
  const days = catalogueDays(catalogue);
  if (timeline && days) {
    timeline.setDays(days);
    state.time = timeline.isFull() ? null : timeline.range();
  }
  await Promise.all(DERIVED_LAYERS.map(id => layers.get(id)).filter(entry => entry?.loading).map(async entry => {
    await entry.loading.catch(() => {});
    entry.layer.clear();
    entry.loading = null;
    entry.loaded = false;
    if (map.hasLayer(entry.layer.group)) await ensureLoaded(entry);
  }));
  charts?.forget();
  refilter();
  summarize();
}

/** The server no longer takes the token: signed out, and told why. */
function signedOutByServer() {
  session.signOut();
  account.signedOutBecause(t('account.expired'));
}

/** Sign-in and, for editors, the edit panel beside the map. */
async function setupEditing() {
  draftLayer = new DraftLayer(map, session, { onEdit: id => editPanel.edit(id), onUnauthorized: signedOutByServer });
  editPanel = new EditPanel($('#editor'), {
    onRecordsChanged: () => draftLayer.refresh(),
    map, session, banner: $('#pick-banner'), toggle: $('#editor-toggle'),
    onOpenChange: open => {
      if (open && narrow.matches) setPanelOpen(false);
      // Beside the edit panel the map keeps its room: the event list folds while editing.
      if (!narrow.matches) eventList?.foldWhileEditing(open);
      setTimeout(() => map.invalidateSize(), 50);
    },
    onServedChanged: () => refreshLayers().catch(showError),
    onHistory: (id, opener) => historyView.open(id, opener),
    onUnauthorized: signedOutByServer,
  });
  recordActions = new RecordActions(session, {
    onHistory: (id, opener) => historyView.open(id, opener),
    onEdit: id => {
      map.closePopup();
      editPanel.edit(id);
    },
    onArchived: id => {
      map.closePopup();
      refreshLayers().then(() => {
        status.textContent = t('archive.done', { id });
        setTimeout(() => { status.textContent = ''; }, 6000);
      }).catch(showError);
      if (editPanel.open) editPanel.review.load();
    },
    onUnauthorized: signedOutByServer,
  });
  if (!await session.restore()) account.signedOutBecause(t('account.expired'));
}

/** Opens the incident the state names, if any; resolves to why it could not (permalink.js). */
function reopenSelected() {
  return openSelected(layers, map, state.selected, layerId => setLayerVisible(layerId, true));
}

/** Says what a shared link named that cannot be shown; the words stay a while, then go. */
function showLinkNotice(text) {
  if (!text) return;
  status.textContent = text;
  setTimeout(() => { if (status.textContent === text) status.textContent = ''; }, 15000);
}

function rememberSelection(layerId, id, popup) {
  state.selected = `${layerId}/${id}`;
  saveState();
  eventList?.highlight(layerId, id);
  popup.on('remove', () => {
    if (state.selected === `${layerId}/${id}`) state.selected = null;
    saveState();
    eventList?.highlight(layerId, null);
  });
}

/** What the event list shows: the primary incident layer, with the query of the map. */
function listQuery(inView) {
  const entry = primaryLayer();
  const id = entry?.collection.id;
  return {
    layerId: id, shown: Boolean(entry && map.hasLayer(entry.layer.group)),
    params: entry ? apiQuery(id, state.filters, state.time, inView ? map.getBounds() : null) : null,
  };
}

/**
 * What villages and zones know of the incidents: those of a place or a zone, found among the
 * loaded incidents (none until all are in, so that a count never covers part of them), the query
 * of the map's days and filters, and opening one.
 */
const referenceIncidents = {
  having: (property, value) => {
    const entry = layers.get('incidents');
    return entry?.loaded ? entry.layer.having(property, value) : null;
  },
  query: () => apiQuery('incidents', state.filters, state.time),
  open: id => openIncident('incidents', id),
};

/**
 * What a picture of the map says of the view: the layers shown, the days, the filters, the
 * map's attribution and, for the citation, the query of the first layer shown for the area
 * pictured (an incident layer when one is shown).
 */
function pictureView(bounds) {
  const shown = [...layers.values()].filter(e => e.collection.id !== 'countries' && map.hasLayer(e.layer.group));
  const cited = shown.find(e => e.layer instanceof IncidentLayer) ?? shown[0];
  return {
    layers: shown.map(e => layerTitle(e.collection)),
    range: timeline ? timeline.range() : null,
    allDays: !state.time,
    filters: state.filters,
    attribution: map.attributionControl.getContainer().textContent.trim(),
    citation: cited ? { layerId: cited.collection.id, query: apiQuery(cited.collection.id, state.filters, state.time, bounds) } : null,
  };
}

/** The picture of the map at one of the sizes, with the words it carries. */
async function picture(size) {
  let texts;
  const blob = await mapPicture(map, { size, texts: async bounds => (texts = await pictureTexts(pictureView(bounds))) });
  return { blob, texts };
}

/** The picture's file name says what it shows: days and size. */
function pictureFileName(size) {
  const range = timeline?.range();
  const days = range ? `${range.from}_to_${range.to}` : 'all-days';
  return `incident-atlas_map_${days}_${size.width * size.pixelRatio}x${size.height * size.pixelRatio}.png`;
}

async function start() {
  await setLanguage(preferredLanguage());
  const [catalogue, settings] = await Promise.all([collections(), mapSettings()]);
  // Read before any popup opens, which lists those covering its incident; the page works without them.
  loadPeriodClaims().catch(() => {});
  learnFilters(catalogue);
  map = createMap('map', state.view);
  osm = tileLayer(settings);
  tileStatus = new TileStatus(osm, status);
  legend = legendControl(narrow.matches).addTo(map);
  mapControls = new MapControls(map);
  translateMapControls();
  pictureControl = new PictureControl(map, { picture, fileName: pictureFileName });
  map.on('popupopen', e => e.popup.getElement()?.querySelector('.leaflet-popup-close-button')
    ?.setAttribute('aria-label', t('popup.close')));
  map.on('popupopen', e => keepClear(map, e.popup, legend));
  setupLanguage();
  setupPanel();
  historyView = new HistoryView($('#history'), session, { onUnauthorized: signedOutByServer });

  for (const [id, entry] of createLayers(catalogue, {
    onOpen: rememberSelection, onShown: (...args) => recordActions?.add(...args), incidents: referenceIncidents,
  })) layers.set(id, entry);
  const linked = knownLayers(state.layers, id => layers.has(id), DEFAULTS.layers);
  state.layers = linked.layers;
  eventList = new EventList($('#events'), {
    panel: $('#panel'), narrow, query: listQuery, onSelect: openIncident,
    onLayout: () => setTimeout(() => map.invalidateSize(), 50), openDrawer: () => setPanelOpen(true),
  });
  eventList.update();

  const days = catalogueDays(catalogue);
  if (days) {
    timeline = new Timeline($('#timeline'), days, range => {
      state.time = timeline.isFull() ? null : range;
      applyFilters({ daysOnly: true });
    });
    timeline.setRange(state.time);
    // A shared range outside the data's days falls back to all days, on the timeline and in the state alike.
    state.time = timeline.isFull() ? null : timeline.range();
    // The charts count what the event list lists: the same layer, days, filters and extent.
    charts = new Charts($('#charts'), $('#timeline .time-info'), {
      query: () => listQuery(eventList.inView), onSelect: openIncident,
      onLayout: () => setTimeout(() => map.invalidateSize(), 50),
    });
    $('#events-in-view').addEventListener('change', () => charts.update());
  }

  // The filters apply before the first features arrive: a shared view never draws what it hides.
  refilter();
  const shown = new Set(['countries', ...state.layers]);
  const loads = [];
  for (const [id, entry] of layers) {
    if (!shown.has(id)) continue;
    entry.layer.group.addTo(map);
    loads.push(ensureLoaded(entry));
  }
  baseLabels = new BaseLabels({ countries: () => layers.get('countries')?.layer.features });
  layers.get('countries')?.loading?.then(() => baseLabels.redraw(), () => {});
  renderPanel();
  setBase(state.base);
  map.on('moveend', saveState);
  map.on('moveend', () => eventList.viewChanged());
  map.on('moveend', () => eventList.inView && charts?.update());
  setupEditing().catch(showError);

  await Promise.all(loads);
  const selected = state.selected;
  const problem = await reopenSelected();
  if (problem) {
    state.selected = null;
    // An incident the atlas lacks: the whole map instead of the link's view of nothing.
    if (problem !== 'hidden') map.setView([INITIAL_VIEW.lat, INITIAL_VIEW.lon], INITIAL_VIEW.zoom);
    saveState();
  }
  showLinkNotice(linkNotice({ unknownLayers: linked.unknown, fellBack: linked.fellBack, selected, problem }));
  document.body.dataset.loaded = 'true';
}

new SearchBox($('#search-input'), $('#search-results'), showResult);

/** For people and tests inspecting the page: the map, and what is on screen read from it. */
window.atlas = {
  get map() { return map; },
  get eventList() { return eventList; },
  get charts() { return charts; },
  visibleIds: id => layers.get(id)?.layer.visibleIds(map.getBounds()) ?? [],
  clusterMembers: element => [...layers.values()].flatMap(e => e.layer.membersOf?.(element) ?? []),
  draftIds: () => draftLayer?.ids() ?? [],
  /** The map's picture at one of the PICTURE_SIZES, by id ('1200x800'): {blob, texts}. */
  picture: id => picture(PICTURE_SIZES.find(s => s.id === id)),
};

start().catch(showError);
