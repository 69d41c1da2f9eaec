// An incident layer on the map: one marker per incident, clustered where dense, filtered on the
// page so that the time slider stays smooth with 100,000 incidents. Popups load the full record
// from the API only when opened.
import { featureWithEtag } from './api.js';
import { t } from './i18n.js';
import { incidentPopup } from './popup.js';
import { incidentIcon, isApproximate } from './symbols.js';
import { escape, eventLabel } from './text.js';

/** What the page needs of every incident; the rest comes with the popup. */
export const COMPACT_PROPERTIES = ['date', 'date_end', 'date_precision', 'event_type', 'country', 'location_precision',
  'uncertainty_m', 'fatalities_high', 'place_name', 'actor_names'];

/** Above this many unclustered markers in view, uncertainty circles would only add clutter. */
const MAX_CIRCLES = 400;

export class IncidentLayer {
  /**
   * onOpen(layerId, id, popup) when a popup opens; onShown(layerId, feature, etag, content) when
   * its record is shown in it, for what the signed-in user may do with it.
   */
  constructor(id, { pane, onOpen, onShown }) {
    this.id = id;
    this.records = [];
    this.byId = new Map();
    this.byMarker = new Map();
    // The records whose marker stands alone on the map, not inside a cluster: the only ones that
    // can have an uncertainty circle. Kept up to date from the map's layer events, so that a
    // refresh of the circles looks at these few rather than at every incident of the layer.
    this.onMap = new Set();
    this.predicate = () => true;
    this.visible = 0;
    this.onOpen = onOpen;
    this.onShown = onShown;
    this.cluster = L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45, clusterPane: pane, spiderfyOnMaxZoom: true,
    });
    // Clicks on markers reach the cluster group (those on clusters come as clusterclick): one
    // listener serves every marker, instead of one closure per incident.
    this.cluster.on('click', e => this.open(this.byMarker.get(e.layer)));
    this.circles = L.layerGroup([], { pane });
    this.pane = pane;
    this.group = L.layerGroup([this.circles, this.cluster]);
    this.group.on('add', () => this.attach());
    this.group.on('remove', () => this.detach());
  }

  /** Adds a page of GeoJSON features; those passing the current filter appear at once. */
  add(features) {
    const shown = [];
    for (const f of features) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      const marker = L.marker([lat, lon], { icon: incidentIcon(p), pane: this.pane, keyboard: true, title: `${eventLabel(p.event_type)}, ${p.place_name ?? ''}, ${p.date ?? ''} (${f.id})` });
      const record = { id: f.id, p, marker, visible: false };
      this.records.push(record);
      this.byId.set(f.id, record);
      this.byMarker.set(marker, record);
      if (this.predicate(p)) {
        record.visible = true;
        shown.push(marker);
      }
    }
    this.visible += shown.length;
    this.cluster.addLayers(shown);
    this.refreshCircles();
  }

  /** Removes every incident, to be added again from the API. */
  clear() {
    this.cluster.clearLayers();
    this.circles.clearLayers();
    this.records = [];
    this.byId.clear();
    this.byMarker.clear();
    this.onMap.clear();
    this.visible = 0;
  }

  /** Shows the incidents the predicate accepts; only markers that change are touched. */
  setPredicate(predicate) {
    this.predicate = predicate;
    const add = [];
    const remove = [];
    for (const r of this.records) {
      const visible = predicate(r.p);
      if (visible !== r.visible) {
        (visible ? add : remove).push(r.marker);
        r.visible = visible;
      }
    }
    this.visible += add.length - remove.length;
    if (remove.length) this.cluster.removeLayers(remove);
    if (add.length) this.cluster.addLayers(add);
    this.refreshCircles();
  }

  visibleCount() {
    return this.visible;
  }

  /** Ids of the incidents on the map inside bounds: what "download what I see" must return. */
  visibleIds(bounds) {
    return this.records.filter(r => r.visible && this.cluster.hasLayer(r.marker) && bounds.contains(r.marker.getLatLng()))
      .map(r => r.id);
  }

  /** Properties of the incidents passing every filter but time, for the timeline's histogram. */
  *recordsPassing(predicate) {
    for (const r of this.records) if (predicate(r.p)) yield r.p;
  }

  attach() {
    this.map = this.group._map;
    this.refresh = () => this.refreshCircles();
    this.track = e => {
      const record = this.byMarker.get(e.layer);
      if (record) this.onMap[e.type === 'layeradd' ? 'add' : 'delete'](record);
    };
    this.map.on('moveend', this.refresh);
    this.map.on('layeradd layerremove', this.track);
    this.cluster.on('animationend spiderfied unspiderfied', this.refresh);
    // The cluster is on the map before this layer is told it was added: take the markers it shows already.
    this.onMap = new Set(this.records.filter(r => this.map.hasLayer(r.marker)));
    this.refreshCircles();
  }

  detach() {
    this.map?.off('moveend', this.refresh);
    this.map?.off('layeradd layerremove', this.track);
    this.cluster.off('animationend spiderfied unspiderfied', this.refresh);
    this.circles.clearLayers();
    this.onMap.clear();
    this.map = null;
  }

  /**
   * A place known only to a village or district is drawn with its uncertainty: a dashed circle
   * of its radius around each such marker that stands alone on the map.
   */
  refreshCircles() {
    this.circles.clearLayers();
    if (!this.map) return;
    const bounds = this.map.getBounds().pad(0.2);
    const circles = [];
    for (const r of this.onMap) {
      if (!r.visible || !isApproximate(r.p) || !r.p.uncertainty_m) continue;
      const latlng = r.marker.getLatLng();
      if (!bounds.contains(latlng)) continue;
      circles.push(L.circle(latlng, {
        pane: this.pane, radius: r.p.uncertainty_m, color: '#333', weight: 1.2, dashArray: '5 5', fillOpacity: 0.05, interactive: false,
        className: 'uncertainty',
      }));
      if (circles.length > MAX_CIRCLES) return;
    }
    circles.forEach(c => this.circles.addLayer(c));
  }

  /** Opens the full record of an incident in a popup, loading it from the API. */
  async open(record) {
    const popup = L.popup({ maxWidth: 460, minWidth: 280, autoPanPaddingTopLeft: [10, 60] })
      .setLatLng(record.marker.getLatLng())
      .setContent(`<div class="popup">${escape(t('popup.loading'))}</div>`);
    popup.openOn(this.group._map);
    this.onOpen?.(this.id, record.id, popup);
    try {
      const { body: full, etag } = await featureWithEtag(this.id, record.id);
      const content = document.createElement('div');
      content.innerHTML = incidentPopup(full.properties);
      this.onShown?.(this.id, full, etag, content);
      popup.setContent(content);
    } catch (error) {
      popup.setContent(`<div class="popup error">${escape(error.message)}</div>`);
    }
  }

  /** Zooms until the incident stands alone, then opens it; false when it is unknown or filtered out. */
  select(id) {
    const record = this.byId.get(id);
    if (!record || !record.visible) return false;
    this.cluster.zoomToShowLayer(record.marker, () => this.open(record));
    return true;
  }
}
