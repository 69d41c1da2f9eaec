// Layers drawn from their full GeoJSON: the reference layers and the shelled villages. They are
// small, so filtering redraws them.
import { countryStyle } from './map.js';
import { genericPopup, villagePopup } from './popup.js';
import { escape } from './text.js';

const BAND_COLOURS = { 0: '#d73027', 5: '#fc8d59', 10: '#fee090' };

function options(id, pane) {
  switch (id) {
    case 'shelled_villages':
      return {
        pointToLayer: (f, latlng) => L.circleMarker(latlng, {
          pane, radius: 13 + 2 * f.properties.shelling_incidents, color: '#b35806', weight: 3, fillOpacity: 0, className: 'shelled-village',
        }),
        onEachFeature: (f, layer) => layer.bindPopup(() => villagePopup(f.properties), { maxWidth: 460 }),
      };
    case 'settlements':
      return {
        pointToLayer: (f, latlng) => L.circleMarker(latlng, { pane, radius: 2.5, color: '#4d5656', weight: 1, fillOpacity: 0.7 }),
        onEachFeature: (f, layer) => layer.bindTooltip(escape([f.properties.name, ...(f.properties.names ?? []).slice(0, 3)].join(' · '))),
      };
    case 'border':
      return { style: { pane, color: '#111', weight: 2.5 }, onEachFeature: popupFor };
    case 'exposure_zones':
      return {
        style: f => ({ pane, stroke: false, fillColor: BAND_COLOURS[f.properties.min_km] ?? '#ccc', fillOpacity: 0.28 }),
        onEachFeature: popupFor,
      };
    case 'countries':
      return {
        style: f => ({ pane, ...countryStyle(f) }),
        onEachFeature: (f, layer) => layer.bindTooltip(escape(f.properties.name), { sticky: true }),
      };
    default:
      return { pane, onEachFeature: popupFor };
  }
}

function popupFor(feature, layer) {
  layer.bindPopup(() => genericPopup(feature.properties), { maxWidth: 460 });
}

export class ReferenceLayer {
  constructor(id, { pane }) {
    this.id = id;
    this.features = [];
    this.predicate = () => true;
    this.group = L.geoJSON(null, options(id, pane));
  }

  add(features) {
    this.features.push(...features);
    this.group.addData(features.filter(f => this.predicate(f.properties)));
    this.setFilled(this.filled);
  }

  /** Removes every feature, to be added again from the API. */
  clear() {
    this.features = [];
    this.group.clearLayers();
  }

  setPredicate(predicate) {
    this.predicate = predicate;
    this.group.clearLayers();
    this.group.addData(this.features.filter(f => predicate(f.properties)));
    this.setFilled(this.filled);
  }

  visibleCount() {
    return this.group.getLayers().length;
  }

  /**
   * Ids of the features drawn that reach into bounds. Lines and polygons are tested by their
   * extent, so one whose extent touches the view but whose shape does not is counted here while
   * the API's exact test leaves it out; points are exact.
   */
  visibleIds(bounds) {
    return this.group.getLayers()
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
