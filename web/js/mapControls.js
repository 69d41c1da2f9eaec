// What Leaflet draws itself, in the reader's language: the zoom buttons, the attribution line and
// a popup's close button. Both the full map and the embedded map use it.
import { t } from './i18n.js';

export class MapControls {
  constructor(map) {
    this.map = map;
    this.zoom = null;
    this.attribution = null;
    map.on('popupopen', e => e.popup.getElement()?.querySelector('.leaflet-popup-close-button')
      ?.setAttribute('aria-label', t('popup.close')));
  }

  /** Draws the controls anew in the current language. */
  relabel() {
    this.zoom?.remove();
    this.zoom = L.control.zoom({ zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(this.map);
    if (this.attribution) this.map.attributionControl.removeAttribution(this.attribution);
    this.attribution = t('map.attribution', {
      osm: '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
      geonames: '<a href="https://www.geonames.org/">GeoNames</a>',
    });
    this.map.attributionControl.addAttribution(this.attribution);
  }
}
