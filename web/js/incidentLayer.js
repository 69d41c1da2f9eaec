// An incident layer on the map: one marker per incident, clustered where dense, filtered on the
// page so that the time slider stays smooth with 100,000 incidents. Popups load the full record
// from the API only when opened. Markers and clusters are buttons: Tab reaches them, Enter or
// Space opens them, and the focus goes into a popup and back to what opened it.
import { featureWithEtag } from './api.js';
import { formatDay, t } from './i18n.js';
import { incidentPopup } from './popup.js';
import { clusterMix, clusterName, clusterSize, clusterSvg, incidentIcon, locationCertainty } from './symbols.js';
import { escape, eventLabel } from './text.js';

/**
 * What the page needs of every incident; the rest comes with the popup. The place and the
 * exposure zone find a shelled village's and a zone's incidents, which those features no longer list.
 */
export const COMPACT_PROPERTIES = ['date', 'date_end', 'date_precision', 'event_type', 'country', 'location_precision',
  'uncertainty_m', 'fatalities_high', 'place_name', 'actor_names', 'place_id', 'exposure_zone'];

/** Above this many unclustered markers in view, uncertainty circles would only add clutter. */
const MAX_CIRCLES = 400;
/** Opening an incident never zooms closer than this: a neighbourhood, not a street. */
const MAX_OPEN_ZOOM = 15;
/** A place with no radius, or a tiny one, is still shown with this much around it. */
const MIN_RADIUS_M = 150;

/** A cluster's icon with its name for screen readers and as a tooltip; a button reached with Tab. */
const ClusterIcon = L.DivIcon.extend({
  createIcon(old) {
    const div = L.DivIcon.prototype.createIcon.call(this, old);
    div.setAttribute('role', 'button');
    div.setAttribute('tabindex', '0');
    div.setAttribute('aria-label', this.options.label);
    div.title = this.options.label;
    return div;
  },
});

function isActivation(event) {
  return event && !event.altKey && !event.ctrlKey && !event.metaKey && (event.key === 'Enter' || event.key === ' ');
}

/** The marker's name: type, place, day and id, in the reader's language. */
function markerTitle(id, p) {
  return `${eventLabel(p.event_type)}, ${p.place_name ?? ''}, ${formatDay(p.date)} (${id})`;
}

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
    // Per property asked for (place_id, exposure_zone): its value -> the records holding it, in
    // the order of their ids. Made on first use after the records change, not on every page.
    this.groups = new Map();
    // The records whose marker stands alone on the map, not inside a cluster: the only ones that
    // can have an uncertainty circle. Kept up to date from the map's layer events, so that a
    // refresh of the circles looks at these few rather than at every incident of the layer.
    this.onMap = new Set();
    this.predicate = () => true;
    this.visible = 0;
    this.onOpen = onOpen;
    this.onShown = onShown;
    this.legend = null;
    this.cluster = L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45, clusterPane: pane, spiderfyOnMaxZoom: true,
      iconCreateFunction: cluster => this.clusterIcon(cluster),
    });
    // Clicks and keys on markers reach the cluster group (those on clusters come as cluster…):
    // one listener serves every marker, instead of one closure per incident.
    this.cluster.on('click', e => this.select(this.byMarker.get(e.layer)?.id, e.layer.getElement()));
    this.cluster.on('keydown', e => {
      if (!isActivation(e.originalEvent)) return;
      e.originalEvent.preventDefault();
      this.select(this.byMarker.get(e.layer)?.id, e.layer.getElement());
    });
    this.cluster.on('clusterkeydown', e => {
      if (!isActivation(e.originalEvent)) return;
      e.originalEvent.preventDefault();
      this.expand(e.layer);
    });
    this.circles = L.layerGroup([], { pane });
    this.pane = pane;
    this.group = L.layerGroup([this.circles, this.cluster]);
    this.group.on('add', () => this.attach());
    this.group.on('remove', () => this.detach());
  }

  /** Adds a page of GeoJSON features; those passing the current filter appear at once. */
  add(features) {
    const shown = [];
    this.groups.clear();
    for (const f of features) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      const marker = L.marker([lat, lon], { icon: incidentIcon(p), pane: this.pane, keyboard: true, title: markerTitle(f.id, p) });
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
    this.groups.clear();
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

  /** A cluster drawn as a ring of the sides it holds, named by what it holds. */
  clusterIcon(cluster) {
    const mix = clusterMix(cluster.getAllChildMarkers().map(m => this.byMarker.get(m)?.p ?? {}));
    const size = clusterSize(mix.count);
    return new ClusterIcon({
      html: `${clusterSvg(mix.sides, size)}<span class="count" aria-hidden="true">${escape(mix.count)}</span>`,
      className: 'incident-cluster', iconSize: [size, size], label: clusterName(mix),
    });
  }

  /** Names of markers and clusters again, in the language just chosen. */
  relabel() {
    for (const r of this.records) {
      r.marker.options.title = markerTitle(r.id, r.p);
      r.marker.getElement()?.setAttribute('title', r.marker.options.title);
    }
    if (this.map) this.cluster.refreshClusters();
  }

  /** Ids of the incidents inside the cluster drawn as this element: what its name must describe. */
  membersOf(element) {
    return this.records.filter(r => r.visible && this.cluster.getVisibleParent(r.marker)?.getElement?.() === element).map(r => r.id);
  }

  /**
   * A cluster opened from the keyboard zooms in or spreads out as a click would, and the focus
   * goes to the first of its incidents (or smaller clusters) on the map.
   */
  expand(cluster) {
    const members = cluster.getAllChildMarkers();
    let done = false;
    const focusFirst = () => {
      if (done) return;
      done = true;
      this.cluster.off('animationend spiderfied', focusFirst);
      const shown = [...new Set(members.map(m => this.cluster.getVisibleParent(m)))]
        .map(layer => layer?.getElement?.()).filter(e => e?.isConnected)
        .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
      shown[0]?.focus({ preventScroll: true });
    };
    this.cluster.on('animationend spiderfied', focusFirst);
    setTimeout(focusFirst, 1000);
    this.cluster.fire('clusterclick', { layer: cluster, originalEvent: {} });
  }

  visibleCount() {
    return this.visible;
  }

  /** Ids of the incidents on the map inside bounds: what "download what I see" must return. */
  visibleIds(bounds) {
    return this.records.filter(r => r.visible && this.cluster.hasLayer(r.marker) && bounds.contains(r.marker.getLatLng()))
      .map(r => r.id);
  }

  /** The records ({id, p}) whose property holds value, in the order of their ids; [] when none. */
  having(property, value) {
    if (!this.groups.has(property)) {
      const groups = new Map();
      for (const r of this.records) {
        const key = r.p[property];
        if (key == null) continue;
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push(r);
      }
      for (const list of groups.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.groups.set(property, groups);
    }
    return this.groups.get(property).get(value) ?? [];
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
      const { approximate, metres } = locationCertainty(r.p);
      if (!r.visible || !approximate || !metres) continue;
      // A marker spread out of its cluster stands beside its place; the circle is drawn at the place.
      const latlng = r.marker._preSpiderfyLatlng ?? r.marker.getLatLng();
      if (!bounds.contains(latlng)) continue;
      circles.push(L.circle(latlng, {
        pane: this.pane, radius: metres, color: '#333', weight: 1.2, dashArray: '5 5', fillOpacity: 0.05, interactive: false,
        className: 'uncertainty',
      }));
      if (circles.length > MAX_CIRCLES) return;
    }
    circles.forEach(c => this.circles.addLayer(c));
  }

  /** Where the incident may have happened, with some of its surroundings. */
  certaintyBounds(record) {
    const latlng = record.marker._preSpiderfyLatlng ?? record.marker.getLatLng();
    const radius = Math.max(locationCertainty(record.p).metres ?? 0, MIN_RADIUS_M);
    return latlng.toBounds(2 * radius).pad(0.25);
  }

  /**
   * Shows the incident's place with its uncertainty: the circle fitted in the lower part of the
   * map, where the popup above it leaves room, never closer than MAX_OPEN_ZOOM; then its marker,
   * spread out of its cluster when the cluster does not split at that zoom.
   */
  async reveal(record) {
    const map = this.map;
    const size = map.getSize();
    const options = {
      paddingTopLeft: [24, Math.round(size.y * 0.45)], paddingBottomRight: [24, 24], maxZoom: MAX_OPEN_ZOOM, animate: false,
    };
    const bounds = this.certaintyBounds(record);
    const zoom = Math.min(MAX_OPEN_ZOOM, map.getBoundsZoom(bounds, false, L.point(48, Math.round(size.y * 0.45) + 24)));
    if (zoom !== map.getZoom() || !map.getBounds().contains(bounds)) {
      const zooming = zoom !== map.getZoom();
      const settled = zooming ? this.next('animationend') : Promise.resolve();
      map.fitBounds(bounds, options);
      await settled;
    }
    if (record.marker.getElement()) return;
    const parent = this.cluster.getVisibleParent(record.marker);
    if (parent && parent !== record.marker && parent.spiderfy) {
      const spread = this.next('spiderfied');
      parent.spiderfy();
      await spread;
    }
  }

  /** The next time the cluster group fires the event, or a second from now, whichever comes first. */
  next(event) {
    return new Promise(resolve => {
      const done = () => {
        this.cluster.off(event, done);
        resolve();
      };
      this.cluster.on(event, done);
      setTimeout(done, 1000);
    });
  }

  /** Opens the full record of an incident in a popup, loading it from the API. */
  async open(record, opener = document.activeElement) {
    const map = this.group._map;
    const width = map.getSize().x;
    const zoomControl = map.getContainer().querySelector('.leaflet-control-zoom')?.getBoundingClientRect();
    const top = zoomControl ? Math.round(zoomControl.bottom - map.getContainer().getBoundingClientRect().top) + 8 : 10;
    const popup = L.popup({
      // The popup adapts to the map (its frame adds 46 px to the content): never wider than a phone's screen.
      maxWidth: Math.max(200, Math.min(460, width - 70)), minWidth: Math.min(280, width - 70),
      autoPanPaddingTopLeft: [10, top], autoPanPaddingBottomRight: [10, 10], className: 'incident-popup',
    })
      .setLatLng(record.marker.getLatLng())
      .setContent(`<div class="popup" tabindex="-1">${escape(t('popup.loading'))}</div>`);
    popup.openOn(map);
    this.onOpen?.(this.id, record.id, popup);
    this.manageFocus(popup, record, opener);
    popup.getElement().querySelector('.popup')?.focus({ preventScroll: true });
    try {
      const { body: full, etag } = await featureWithEtag(this.id, record.id);
      const content = document.createElement('div');
      content.innerHTML = incidentPopup(full.properties);
      this.onShown?.(this.id, full, etag, content);
      const hadFocus = popup.getElement()?.contains(document.activeElement);
      popup.setContent(content);
      if (hadFocus && map.hasLayer(popup)) content.querySelector('h3')?.focus({ preventScroll: true });
    } catch (error) {
      popup.setContent(`<div class="popup error" role="alert">${escape(error.message)}</div>`);
    }
  }

  /**
   * Escape closes the popup; when it closes, the focus goes back to what opened it: the list
   * row, search box or control, or else the incident's marker (or the cluster it went back into).
   */
  manageFocus(popup, record, opener) {
    const element = popup.getElement();
    element.addEventListener('keydown', e => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        popup.remove();
      }
    });
    const map = this.map;
    popup.once('remove', () => setTimeout(() => {
      const active = document.activeElement;
      const lost = !active || active === document.body || element.contains(active) || !active.isConnected;
      // Another popup has taken over, or the reader has gone elsewhere: the focus stays.
      if (!lost || (map._popup && map._popup !== popup && map.hasLayer(map._popup))) return;
      const own = opener?.isConnected && opener !== document.body && opener !== map.getContainer() ? opener : null;
      (own ?? this.cluster.getVisibleParent(record.marker)?.getElement?.())?.focus({ preventScroll: true });
    }));
  }

  /**
   * Opens an incident from anywhere (a click, a key, a search, a list, a shared address): its
   * place is shown with its uncertainty, then its record; false when unknown or filtered out.
   */
  select(id, opener = document.activeElement) {
    const record = this.byId.get(id);
    if (!record || !record.visible || !this.map) return false;
    this.reveal(record).then(() => this.open(record, opener));
    return true;
  }
}
