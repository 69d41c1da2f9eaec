// Where a new incident happened: a point picked on the map, with the nearest settlements of the
// gazetteer to choose from, or a place found with the gazetteer search. Either way the user then
// confirms the place, its district and country: a place is never chosen for them.
import { settlementsIn } from './api.js';
import { el, replace } from './dom.js';
import { t } from './i18n.js';
import { boxAround, districtText, distanceKm, nearestPlaces, placeOf, spreadKm } from './places.js';
import { SearchBox } from './search.js';
import { formatCoordinate, formatDistance, sideLabel } from './text.js';

/** How far around a picked point settlements are looked for first, and then at most (km). */
const NEAR_KM = 8;
const FAR_KM = 30;
const OFFERED = 5;

const PIN = '<svg width="28" height="40" viewBox="0 0 28 40" aria-hidden="true"><path d="M14 1C7 1 1.5 6.5 1.5 13.5 1.5 23 14 39 14 39s12.5-16 12.5-25.5C26.5 6.5 21 1 14 1z" fill="#0b7285" stroke="#fff" stroke-width="2"/><circle cx="14" cy="13.5" r="5" fill="#fff"/></svg>';

export class PlacePicker {
  /** onConfirm(place, point) when the user has confirmed a place; point is [lon, lat]. */
  constructor(root, { map, banner, onConfirm, onCancel }) {
    this.root = root;
    this.map = map;
    this.banner = banner;
    this.onConfirm = onConfirm;
    this.marker = null;
    this.chosen = null;
    this.$ = selector => root.querySelector(selector);
    this.$('#pick-on-map').addEventListener('click', () => this.startPicking());
    this.$('#place-cancel').addEventListener('click', onCancel);
    this.$('#place-confirm-yes').addEventListener('click', () => this.confirm());
    this.$('#place-confirm-no').addEventListener('click', () => this.unchoose());
    banner.querySelector('#pick-centre').addEventListener('click', () => {
      const c = map.getCenter();
      this.picked([c.lng, c.lat]);
    });
    banner.querySelector('#pick-cancel').addEventListener('click', () => this.stopPicking(true));
    this.onMapClick = e => this.picked([e.latlng.lng, e.latlng.lat]);
    this.onKey = e => {
      if (e.key === 'Escape') this.stopPicking(true);
    };
    this.search = new SearchBox(this.$('#place-search'), this.$('#place-results'), option => this.chooseFound(option.place), {
      placesOnly: true,
      placeNote: p => t('edit.fromCentre', { km: formatDistance(this.fromCentre(p)) }),
      ambiguousNote: (result, places) => t('edit.ambiguous', {
        query: result.query, km: formatDistance(spreadKm(places.filter(p => p.match === places[0].match))),
      }),
    });
  }

  fromCentre(p) {
    const c = this.map.getCenter();
    return distanceKm([c.lng, c.lat], [p.lon, p.lat]);
  }

  /** Shows the first step afresh. */
  start() {
    this.root.hidden = false;
    this.$('#place-search').value = '';
    this.$('#nearby').hidden = true;
    this.$('#place-confirm').hidden = true;
    this.chosen = null;
    this.offered = null;
  }

  /** Leaves the step: no picking, no marker. */
  stop() {
    this.stopPicking(false);
    this.root.hidden = true;
    this.marker?.remove();
    this.marker = null;
  }

  startPicking() {
    this.$('#place-confirm').hidden = true;
    this.map.closePopup();
    document.body.classList.add('picking');
    this.map.getContainer().classList.add('picking-point');
    this.banner.hidden = false;
    this.map.on('click', this.onMapClick);
    document.addEventListener('keydown', this.onKey);
    this.banner.querySelector('#pick-centre').focus();
  }

  stopPicking(returnFocus) {
    if (!document.body.classList.contains('picking')) return;
    document.body.classList.remove('picking');
    this.map.getContainer().classList.remove('picking-point');
    this.banner.hidden = true;
    this.map.off('click', this.onMapClick);
    document.removeEventListener('keydown', this.onKey);
    this.map.invalidateSize();
    if (returnFocus) this.$('#pick-on-map').focus();
  }

  showMarker(point) {
    const latlng = [point[1], point[0]];
    if (this.marker) {
      this.marker.setLatLng(latlng);
    } else {
      this.marker = L.marker(latlng, {
        icon: L.divIcon({ className: 'pick-marker', html: PIN, iconSize: [28, 40], iconAnchor: [14, 39] }),
        pane: 'editing', interactive: false, keyboard: false,
      }).addTo(this.map);
    }
  }

  /** A point was picked: mark it and offer the settlements nearest to it. */
  async picked(point) {
    this.stopPicking(false);
    this.point = point;
    this.showMarker(point);
    const nearby = this.$('#nearby');
    const list = this.$('#nearby-list');
    nearby.hidden = false;
    this.offered = null;
    this.$('#nearby-point').textContent = t('edit.pickedPoint', { lat: formatCoordinate(point[1]), lon: formatCoordinate(point[0]) });
    replace(list, el('li', { class: 'hint', text: t('edit.nearbyLoading') }));
    try {
      let features = await settlementsIn(boxAround(point, NEAR_KM));
      if (!features.length) features = await settlementsIn(boxAround(point, FAR_KM));
      if (point !== this.point) return;
      this.offered = nearestPlaces(features.map(placeOf), point, OFFERED);
      this.renderNearby();
      list.querySelector('button')?.focus();
    } catch (error) {
      replace(list, el('li', { class: 'field-error', text: error.message }));
    }
  }

  renderNearby() {
    const point = this.point;
    replace(this.$('#nearby-point'), t('edit.pickedPoint', { lat: formatCoordinate(point[1]), lon: formatCoordinate(point[0]) }));
    replace(this.$('#nearby-list'), this.offered.length ? this.offered.map(p => el('li', {}, el('button', {
      type: 'button', class: 'choice', on: { click: () => this.choose(p, point) },
    }, el('strong', { text: p.name }), ' ', el('span', { text: districtText(p) }), ' ',
    el('span', { class: 'distance', text: t('edit.fromPoint', { km: formatDistance(p.km) }) }))))
      : el('li', { class: 'hint', text: t('edit.nearbyNone', { km: FAR_KM }) }));
  }

  /** A place from the search: the incident is placed at the place itself. */
  chooseFound(found) {
    const place = placeOf(found);
    this.point = [place.lon, place.lat];
    this.$('#nearby').hidden = true;
    this.showMarker(this.point);
    this.map.setView([place.lat, place.lon], Math.max(this.map.getZoom(), 12));
    this.choose(place, this.point);
  }

  /** Asks the user to confirm a place: name, district, country, and how far it is from the point. */
  choose(place, point) {
    this.chosen = { place, point };
    this.renderConfirm();
    const confirm = this.$('#place-confirm');
    confirm.hidden = false;
    confirm.scrollIntoView({ block: 'nearest' });
    this.$('#place-confirm-yes').focus();
  }

  renderConfirm() {
    const { place, point } = this.chosen;
    const km = distanceKm(point, [place.lon, place.lat]);
    const row = (term, value) => [el('dt', { text: term }), el('dd', { text: value })];
    replace(this.$('#place-confirm-details'),
      row(t('edit.confirm.place'), place.name),
      row(t('edit.confirm.district'), [place.admin2, place.admin1].filter(Boolean).join(', ') || '—'),
      row(t('edit.confirm.country'), sideLabel(place.country)),
      row(t('edit.confirm.distance'), formatDistance(km)),
      row(t('edit.confirm.id'), place.id));
  }

  /** Texts made with parameters, after the language changed. */
  relabel() {
    if (this.offered) this.renderNearby();
    if (this.chosen) this.renderConfirm();
  }

  unchoose() {
    this.chosen = null;
    this.$('#place-confirm').hidden = true;
    (this.$('#nearby').hidden ? this.$('#place-search') : this.$('#nearby-list button') ?? this.$('#pick-on-map')).focus();
  }

  confirm() {
    const { place, point } = this.chosen;
    this.root.hidden = true;
    this.onConfirm(place, point);
  }

  /** Shows the step again to choose another place; the marker stays until another point is picked. */
  reopen() {
    this.root.hidden = false;
    this.$('#place-confirm').hidden = true;
    this.$('#pick-on-map').focus();
  }
}
