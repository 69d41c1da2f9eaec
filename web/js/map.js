// The map itself. Its default background is our own country layer, so it needs no outside host;
// street tiles are an option the reader switches on.

export const INITIAL_VIEW = { lat: 40.93, lon: 45.5, zoom: 10 };

/**
 * Reference layers lie under the incident layers, whatever order they load in; the point being
 * placed in edit mode lies over all of them.
 */
export const PANES = {
  countries: 250, exposure_zones: 300, border: 350, settlements: 420, shelled_villages: 610, incidents: 620, border_clashes: 630,
  editing: 650,
};

export function createMap(element, view) {
  // Clustering works per zoom level; bounding the levels keeps it quick with large layers.
  // The zoom buttons and the attribution are added by the page, in the reader's language.
  const map = L.map(element, { minZoom: 5, maxZoom: 17, zoomControl: false, keyboard: true })
    .setView([view.lat, view.lon], view.zoom);
  for (const [name, z] of Object.entries(PANES)) {
    map.createPane(name).style.zIndex = z;
  }
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  L.control.scale({ imperial: false }).addTo(map);
  return map;
}

/** The switchable street map, from the configured tile URL. */
export function tileLayer(settings) {
  return L.tileLayer(settings.tileUrl, { attribution: settings.tileAttribution, maxZoom: 19, pane: 'tilePane' });
}

/** The country outlines under everything: the two countries of the atlas a little lighter. */
export function countryStyle(f) {
  return { color: '#7f8c8d', weight: 1, fillColor: ['AM', 'AZ'].includes(f.properties.iso_a2) ? '#f7f3e8' : '#e6e2d6', fillOpacity: 1 };
}
