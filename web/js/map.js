// The map itself. Its background is our own country layer, so it needs no outside host.
import { PANES } from './layers.js';

export const INITIAL_VIEW = { center: [40.93, 45.5], zoom: 10 };

export function createMap(element) {
  const map = L.map(element, { zoomControl: true, preferCanvas: false }).setView(INITIAL_VIEW.center, INITIAL_VIEW.zoom);
  for (const [name, z] of Object.entries(PANES)) {
    map.createPane(name).style.zIndex = z;
  }
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(
    'Borders © <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors (ODbL), '
    + 'Natural Earth; places © <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)');
  L.control.scale({ imperial: false }).addTo(map);
  return map;
}
