// Layers drawn from their full GeoJSON: the reference layers and the shelled villages. They are
// small, so filtering restyles or redraws them. The shelled villages and the exposure zones have
// incidents, which they count but do not list: those are found among the loaded incidents by
// their place or zone, and counted again from the ones that pass the filters and the days.
import { items } from './api.js';
import { countryStyle } from './map.js';
import { genericPopup, villagePopup, villageRecords } from './popup.js';
import {
  borderName, borderPopup, controlAreaPopup, filteredNote, incidentsView, settlementTooltip, zoneName, zonePopup,
} from './referencePopups.js';
import { t } from './i18n.js';
import { escape, formatBorderDistance } from './text.js';

const BAND_COLOURS = { 0: '#d73027', 5: '#fc8d59', 10: '#fee090' };
const POPUP = { maxWidth: 460, minWidth: 260, autoPanPaddingTopLeft: [10, 60] };
/** The layers whose features have incidents, and so follow every filter of the incidents. */
const LISTING_INCIDENTS = ['shelled_villages', 'exposure_zones'];
/** A village's incidents: those placed at it of this type (as the server derives the village). */
const SHELLING = 'shelling';
/** What a village's popup shows of each incident's record. */
const RECORD_PROPERTIES = ['date', 'fatalities', 'injuries', 'sources'];
/**
 * At most this many incidents' claims and sources in one village's popup, the newest first; the
 * popup says when there are more.
 */
const RECORDS_LIMIT = 500;

function villageRadius(count) {
  return 13 + 2 * Math.min(count, 10);
}

/**
 * A tooltip under the pointer only. Leaflet listens for focus on the shape to show it, and
 * Chromium makes an SVG shape with focus listeners a stop for Tab, one without a name: the
 * shape is taken out of the order of Tab again.
 */
function tooltipOnly(layer, content, options) {
  layer.bindTooltip(content, options);
  layer.on('add', () => layer.getElement?.()?.setAttribute('tabindex', '-1'));
}

export class ReferenceLayer {
  /**
   * incidents, for the layers that have incidents: {having(property, value) -> the loaded
   * incidents ({id, p}) whose property holds value, or null while they load; query() -> the API
   * parameters of the map's days and filters for the incidents; open(id)}.
   */
  constructor(id, { pane, incidents } = {}) {
    this.id = id;
    this.pane = pane;
    this.incidents = incidents;
    // The claims and sources of the village whose popup is open: {key, state, ...} (villageRecords).
    this.openRecords = null;
    this.features = [];
    this.predicate = () => true;
    this.incidentTest = () => true;
    this.active = { days: false, filters: false, any: false };
    this.listsIncidents = LISTING_INCIDENTS.includes(id);
    this.group = L.geoJSON(null, this.options());
  }

  options() {
    const pane = this.pane;
    const open = (f, layer, html) => this.bindPopup(layer, html);
    switch (this.id) {
      case 'shelled_villages':
        return {
          pointToLayer: (f, latlng) => L.circleMarker(latlng, {
            pane, radius: villageRadius(f.properties.shelling_incidents), color: '#b35806', weight: 3, fillOpacity: 0, className: 'shelled-village',
          }),
          onEachFeature: (f, layer) => {
            open(f, layer, () => {
              const view = this.view(f);
              return villagePopup(f.properties, view, this.active, this.villageRecords(layer, view));
            });
            // Read again at the next opening: a failure is not kept, nor what was read.
            layer.on('popupclose', () => {
              if (this.openRecords?.layer === layer) this.openRecords = null;
            });
          },
        };
      case 'settlements':
        // Hundreds of dots: reached by the place search, never one by one with Tab.
        return {
          pointToLayer: (f, latlng) => L.circleMarker(latlng, { pane, radius: 2.5, color: '#4d5656', weight: 1, fillOpacity: 0.7 }),
          onEachFeature: (f, layer) => tooltipOnly(layer, () => settlementTooltip(f.properties)),
        };
      case 'border':
        return { style: { pane, color: '#111', weight: 2.5 }, onEachFeature: (f, layer) => open(f, layer, () => borderPopup(f.properties)) };
      case 'exposure_zones':
        return {
          style: f => ({ pane, stroke: false, fillColor: BAND_COLOURS[f.properties.min_km] ?? '#ccc', fillOpacity: 0.28 }),
          onEachFeature: (f, layer) => open(f, layer, () => zonePopup(f.properties, this.view(f), this.active)),
        };
      case 'control_areas':
        return {
          style: { pane, color: '#6a3d9a', weight: 2, dashArray: '6 4', fillColor: '#6a3d9a', fillOpacity: 0.12 },
          onEachFeature: (f, layer) => open(f, layer, () => controlAreaPopup(f.properties)),
        };
      case 'countries':
        // Only a tooltip under the pointer: the shapes are background, never a stop for Tab.
        return {
          style: f => ({ pane, ...countryStyle(f) }),
          onEachFeature: (f, layer) => tooltipOnly(layer, () => escape(f.properties.name), { sticky: true }),
        };
      default:
        return { pane, onEachFeature: (f, layer) => open(f, layer, () => genericPopup(f.properties)) };
    }
  }

  /**
   * A shape with a popup is a button for the keyboard too: reachable with Tab, named for screen
   * readers, opened with Enter or Space; the focus goes into the popup and back when it closes.
   */
  bindPopup(layer, html) {
    layer.bindPopup(() => {
      // Written before Leaflet sizes the popup: as an incident's, it is never wider than the map
      // leaves room for (its frame adds 46 px), so a phone shows it whole.
      const width = this.group._map?.getSize().x;
      if (width) {
        Object.assign(layer.getPopup().options, {
          maxWidth: Math.max(200, Math.min(POPUP.maxWidth, width - 70)), minWidth: Math.min(POPUP.minWidth, width - 70),
        });
      }
      const content = document.createElement('div');
      content.innerHTML = html();
      content.addEventListener('click', e => {
        const button = e.target.closest('button[data-incident]');
        if (button) this.incidents?.open(button.dataset.incident);
      });
      content.addEventListener('keydown', e => {
        if (e.key === 'Escape') layer.closePopup();
      });
      return content;
    }, POPUP);
    layer.on('add', () => {
      const element = layer.getElement?.();
      if (!element) return;
      element.setAttribute('tabindex', '0');
      element.setAttribute('role', 'button');
      element.classList.add('keyboard-shape');
      this.label(layer);
      element.addEventListener('keydown', e => {
        if (e.key !== 'Enter' && e.key !== ' ') return;
        e.preventDefault();
        layer.keyboardOpened = true;
        layer.openPopup();
      });
    });
    layer.on('popupopen', e => {
      if (layer.keyboardOpened) e.popup.getElement()?.querySelector('.popup')?.focus();
    });
    layer.on('popupclose', () => {
      if (layer.keyboardOpened) layer.getElement?.()?.focus();
      layer.keyboardOpened = false;
    });
  }

  /** The name a screen reader says for a shape, in the reader's language and with its current count. */
  label(layer) {
    const element = layer.getElement?.();
    const p = layer.feature?.properties;
    if (!element || !p) return;
    let name;
    if (this.id === 'shelled_villages') {
      const view = this.view(layer.feature);
      name = t('reference.villageLabel', { name: p.name, count: view.count, km: formatBorderDistance(p.border_distance_km, p.border_distance_uncertainty_km) });
      if (!view.count && this.active.any && !view.pending) name += `. ${filteredNote(view, this.active)}`;
    } else if (this.id === 'exposure_zones') {
      name = zoneName(p);
    } else if (this.id === 'border') {
      name = borderName(p);
    } else if (this.id === 'control_areas') {
      name = t('control.label', { name: p.name });
    } else {
      name = p.name ?? p.title ?? layer.feature.id ?? t(`layer.${this.id}`);
    }
    element.setAttribute('aria-label', name);
  }

  /**
   * A feature's incidents, split by the current filters and days: a village's are the shellings
   * placed at its settlement, a zone's those whose exposure_zone is the zone.
   */
  view(feature) {
    const p = feature.properties;
    if (this.id === 'shelled_villages') {
      const placed = this.incidents?.having('place_id', p.settlement_id) ?? null;
      return incidentsView(placed && placed.filter(r => r.p.event_type === SHELLING), p.shelling_incidents, this.incidentTest, this.active);
    }
    return incidentsView(this.incidents?.having('exposure_zone', feature.id) ?? null, p.incident_count, this.incidentTest, this.active);
  }

  /**
   * The claims and sources of a village's shelling under the map's days and filters, for its
   * popup: read from the incidents API in one request the first time the popup asks with these
   * days and filters, and written into the open popup when they arrive. Null when no shelling
   * passes.
   */
  villageRecords(layer, view) {
    if (!this.incidents?.query || (!view.pending && !view.count)) return null;
    const query = this.incidents.query();
    const types = query.get('event_type')?.split(',');
    if (types && !types.includes(SHELLING)) return null;
    query.set('event_type', SHELLING);
    query.set('place_id', layer.feature.properties.settlement_id);
    query.set('properties', RECORD_PROPERTIES.join(','));
    query.set('sortby', '-date,id');
    query.set('limit', String(RECORDS_LIMIT));
    const key = query.toString();
    if (this.openRecords?.key === key) return this.openRecords;
    const records = { key, layer, state: 'loading' };
    this.openRecords = records;
    items('incidents', query).then(
      doc => Object.assign(records, { state: 'done', features: doc.features ?? [], matched: doc.numberMatched ?? doc.features?.length ?? 0 }),
      error => Object.assign(records, { state: 'failed', message: error.message }),
    ).then(() => {
      if (this.openRecords === records && layer.isPopupOpen()) this.showRecords(layer);
    });
    return records;
  }

  /**
   * Writes what was read into the open popup. Only that part of it is replaced, so the focus and
   * what a screen reader was reading stay where they were.
   */
  showRecords(layer) {
    const part = layer.getPopup()?.getElement()?.querySelector('.village-records');
    if (!part) {
      layer.getPopup().update();
      return;
    }
    part.outerHTML = villageRecords(this.view(layer.feature), this.openRecords);
  }

  add(features) {
    this.features.push(...features);
    this.group.addData(this.listsIncidents ? features : features.filter(f => this.predicate(f.properties)));
    this.restyle();
    this.setFilled(this.filled);
  }

  /** Removes every feature, to be added again from the API. */
  clear() {
    this.features = [];
    this.openRecords = null;
    this.group.clearLayers();
  }

  /**
   * The test of the API's own filters on this layer's features. A layer that lists incidents
   * keeps every feature on the map and is restyled from the incidents instead (setIncidentTest).
   */
  setPredicate(predicate) {
    this.predicate = predicate;
    if (this.listsIncidents) return;
    this.group.clearLayers();
    this.group.addData(this.features.filter(f => predicate(f.properties)));
    this.setFilled(this.filled);
  }

  /** The test of the incidents, and which of days ({days}) and other filters ({filters}) it applies. */
  setIncidentTest(test, { days, filters }) {
    this.incidentTest = test;
    this.active = { days, filters, any: days || filters };
    this.restyle({ popups: true });
  }

  /**
   * A village is drawn by the shelling that passes the filters: its size by that count, and
   * dimmed with a dashed outline when none does. An open popup is written again.
   */
  restyle({ popups = false } = {}) {
    if (!this.listsIncidents) return;
    for (const layer of this.group.getLayers()) {
      if (this.id === 'shelled_villages') {
        const count = this.view(layer.feature).count;
        const none = count === 0;
        layer.setRadius(villageRadius(none ? layer.feature.properties.shelling_incidents : count));
        layer.setStyle(none ? { opacity: 0.35, dashArray: '4 5' } : { opacity: 1, dashArray: null });
        layer.getElement?.()?.classList.toggle('no-matching-shelling', none);
      }
      this.label(layer);
      if (popups && layer.isPopupOpen?.()) layer.getPopup().update();
    }
  }

  visibleCount() {
    return this.group.getLayers().length;
  }

  /**
   * Ids of the features drawn that reach into bounds and that the API's filters select: what a
   * download of this view holds. Lines and polygons are tested by their extent, so one whose
   * extent touches the view but whose shape does not is counted here while the API's exact test
   * leaves it out; points are exact.
   */
  visibleIds(bounds) {
    return this.group.getLayers()
      .filter(l => this.predicate(l.feature.properties))
      .filter(l => (l.getLatLng ? bounds.contains(l.getLatLng()) : bounds.intersects(l.getBounds())))
      .map(l => l.feature.id);
  }

  /** The base map gives way to street tiles: outlines stay, the fill goes. */
  setFilled(filled = true) {
    this.filled = filled;
    if (!filled) this.group.setStyle({ fillOpacity: 0 });
    else if (this.id === 'countries') this.group.setStyle({ fillOpacity: 1 });
  }
}
