// Wiring only: load the catalogue, draw each layer, add the layer panel and legend.
import { allFeatures, collections } from './api.js';
import { createMap } from './map.js';
import { leafletLayer, legendHtml } from './layers.js';

const status = document.getElementById('status');
const map = createMap('map');
// On a phone the open panel would cover the map: there it starts collapsed.
const control = L.control.layers(null, null, { collapsed: window.innerWidth < 600 }).addTo(map);
const legend = L.control({ position: 'bottomright' });
legend.onAdd = () => Object.assign(L.DomUtil.create('div', 'legend'), { innerHTML: legendHtml() });
legend.addTo(map);

const HIDDEN_AT_START = new Set(['border_clashes', 'settlements']);

async function load() {
  status.textContent = 'Loading layers…';
  const layers = await collections();
  await Promise.all(layers.map(async c => {
    const layer = leafletLayer(c.id, await allFeatures(c.id));
    if (!HIDDEN_AT_START.has(c.id)) layer.addTo(map);
    control.addOverlay(layer, `${c.title} (${c.featureCount})`);
  }));
  status.textContent = '';
  document.body.dataset.loaded = 'true';
}

load().catch(error => {
  status.textContent = `Could not load the layers: ${error.message}`;
  status.classList.add('error');
});
