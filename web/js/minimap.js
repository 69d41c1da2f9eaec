// The small map of the API's collection and feature pages: the features the page is about, on
// the atlas's own country outlines, so it draws without asking any other host for tiles.
import { getJson } from './api.js';
import { countryStyle } from './map.js';

const BACKGROUND = '/api/collections/countries/items?limit=1000';
const ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors, Natural Earth';
const element = document.getElementById('minimap');

/** Built from DOM nodes, so an id or a name from data is always text, never markup. */
function popup(feature) {
  const box = document.createElement('div');
  const link = document.createElement('a');
  link.href = `${element.dataset.items}/${encodeURIComponent(feature.id)}?f=html`;
  link.textContent = feature.id;
  box.append(link);
  const name = feature.properties?.name ?? feature.properties?.place_name;
  if (name) box.append(document.createElement('br'), String(name));
  return box;
}

function extent() {
  const b = (element.dataset.bbox ?? '').split(',').map(Number);
  return b.length === 4 && b.every(Number.isFinite) ? L.latLngBounds([b[1], b[0]], [b[3], b[2]]) : null;
}

async function draw() {
  const [data, background] = await Promise.all([
    getJson(element.dataset.geojson),
    // The outlines are context only: without them the features still show.
    getJson(BACKGROUND).catch(() => null),
  ]);
  const features = L.geoJSON(data, {
    pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 6, color: '#0b4f5c', weight: 1.5, fillColor: '#0b7285', fillOpacity: 0.85 }),
    // Points keep their marker's style; lines and areas get this one.
    style: f => (f.geometry?.type.endsWith('Point') ? {} : { color: '#0b7285', weight: 2, fillOpacity: 0.2 }),
    onEachFeature: (f, layer) => layer.bindPopup(() => popup(f)),
  });
  const box = extent();
  const map = L.map(element, { scrollWheelZoom: false, maxZoom: 17 });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  map.attributionControl.addAttribution(ATTRIBUTION);
  L.control.scale({ imperial: false }).addTo(map);
  map.fitBounds((box ?? features.getBounds()).pad(0.05), { maxZoom: 12 });
  if (background) {
    L.geoJSON(background, {
      interactive: false,
      style: countryStyle,
    }).addTo(map);
  }
  if (box) L.rectangle(box, { color: '#24323f', weight: 1, dashArray: '4 4', fill: false, interactive: false }).addTo(map);
  features.addTo(map);
  element.dataset.drawn = String(features.getLayers().length);
}

draw().catch(error => {
  element.dataset.error = error.message;
  element.textContent = `The map could not be drawn: ${error.message}`;
});
