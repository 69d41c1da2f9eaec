// How each layer is drawn. Pure functions of feature properties, so they can be tested alone.
import { genericPopup, incidentPopup, villagePopup } from './popup.js';

export const EVENT_COLOURS = {
  armed_clash: '#c0392b',
  shelling: '#e67e22',
  drone_strike: '#7d3c98',
};

const BAND_COLOURS = { 0: '#d73027', 5: '#fc8d59', 10: '#fee090' };

/** Reference layers are drawn below incident layers; panes fix that order whatever loads first. */
export const PANES = { countries: 250, exposure_zones: 300, border: 350, settlements: 420, shelled_villages: 610, incidents: 620, border_clashes: 630 };

/** Largest fatality figure any claimant gives: sizes a marker without adding up rival claims. */
export function maxClaimed(claims) {
  return (claims ?? []).reduce((max, c) => Math.max(max, c.count ?? 0), 0);
}

export function markerRadius(p) {
  return 5 + 2 * Math.sqrt(maxClaimed(p.fatalities));
}

function incidentLayer(feature, latlng, pane) {
  const p = feature.properties;
  const colour = EVENT_COLOURS[p.event_type] ?? '#555';
  const marker = L.circleMarker(latlng, {
    pane, radius: markerRadius(p), color: '#222', weight: 1, fillColor: colour, fillOpacity: 0.85,
  });
  if (p.location_precision === 'exact') return marker;
  // A place known only to a village or district is drawn with its uncertainty, not as a pin.
  const area = L.circle(latlng, {
    pane, radius: p.uncertainty_m, color: colour, weight: 1.2, dashArray: '4 4', fill: true, fillOpacity: 0.06, interactive: false,
  });
  return L.featureGroup([area, marker]);
}

export function leafletLayer(collectionId, geojson) {
  const pane = collectionId;
  switch (collectionId) {
    case 'incidents':
    case 'border_clashes':
      return L.geoJSON(geojson, {
        pointToLayer: (f, latlng) => incidentLayer(f, latlng, pane),
        onEachFeature: (f, layer) => layer.bindPopup(incidentPopup(f.properties), { maxWidth: 380 }),
      });
    case 'shelled_villages':
      return L.geoJSON(geojson, {
        pointToLayer: (f, latlng) => L.circleMarker(latlng, {
          pane, radius: 7 + 2 * f.properties.shelling_incidents, color: '#e67e22', weight: 3, fillOpacity: 0,
        }),
        onEachFeature: (f, layer) => layer.bindPopup(villagePopup(f.properties), { maxWidth: 380 }),
      });
    case 'settlements':
      return L.geoJSON(geojson, {
        pointToLayer: (f, latlng) => L.circleMarker(latlng, { pane, radius: 2.5, color: '#4d5656', weight: 1, fillOpacity: 0.7 }),
        onEachFeature: (f, layer) => layer.bindTooltip([f.properties.name, ...f.properties.names.slice(0, 3)].join(' · ')),
      });
    case 'border':
      return L.geoJSON(geojson, { style: { pane, color: '#111', weight: 2.5 }, onEachFeature: popupFor });
    case 'exposure_zones':
      return L.geoJSON(geojson, {
        style: f => ({ pane, stroke: false, fillColor: BAND_COLOURS[f.properties.min_km] ?? '#ccc', fillOpacity: 0.28 }),
        onEachFeature: popupFor,
      });
    case 'countries':
      return L.geoJSON(geojson, {
        style: f => ({ pane, color: '#7f8c8d', weight: 1, fillColor: ['AM', 'AZ'].includes(f.properties.iso_a2) ? '#f7f3e8' : '#e6e2d6', fillOpacity: 1 }),
        onEachFeature: (f, layer) => layer.bindTooltip(f.properties.name, { sticky: true }),
      });
    default:
      return L.geoJSON(geojson, { pane, onEachFeature: popupFor });
  }
}

function popupFor(feature, layer) {
  layer.bindPopup(genericPopup(feature.properties), { maxWidth: 380 });
}

/** Legend HTML: one entry per symbol on the map. */
export function legendHtml() {
  const events = Object.entries(EVENT_COLOURS)
    .map(([type, colour]) => `<div><span class="swatch" style="background:${colour}"></span>${type.replace('_', ' ')}</div>`).join('');
  return `<h2>Legend</h2>${events}
    <div><span class="swatch ring"></span>location uncertainty (radius)</div>
    <div><span class="swatch" style="background:transparent;border:3px solid #e67e22"></span>shelled village</div>
    <div><span class="swatch" style="background:#d73027;opacity:.5;border:none"></span>0–5 km from border</div>
    <div><span class="swatch" style="background:#fc8d59;opacity:.5;border:none"></span>5–10 km</div>
    <div><span class="swatch" style="background:#fee090;opacity:.7;border:none"></span>10–20 km</div>
    <div><small>Marker size: highest fatality figure claimed</small></div>`;
}
