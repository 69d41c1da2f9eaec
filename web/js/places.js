// Places of the gazetteer as the editor offers them: how far each is from a point, which is
// nearest, and how a place is told apart from others of the same name. Distances are Leaflet's.
import { sideLabel } from './text.js';

/** Great-circle distance in km between two [lon, lat] points, as Leaflet measures it. */
export function distanceKm([lon1, lat1], [lon2, lat2]) {
  return L.latLng(lat1, lon1).distanceTo(L.latLng(lat2, lon2)) / 1000;
}

/** A box of km kilometres each way around [lon, lat]: west, south, east, north. */
export function boxAround([lon, lat], km) {
  const bounds = L.latLng(lat, lon).toBounds(km * 2000);
  return [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
}

/** A place from a settlements feature or a search result: {id, name, admin1, admin2, country, lon, lat}. */
export function placeOf(source) {
  if (source.type === 'Feature') {
    const [lon, lat] = source.geometry.coordinates;
    const p = source.properties;
    return { id: source.id, name: p.name, admin1: p.admin1, admin2: p.admin2, country: p.country, lon, lat };
  }
  const { id, name, admin1, admin2, country, lon, lat } = source;
  return { id, name, admin1, admin2, country, lon, lat };
}

/** The n places nearest to point, each with its distance (km), nearest first. */
export function nearestPlaces(places, point, n = 5) {
  return places.map(p => ({ ...p, km: distanceKm(point, [p.lon, p.lat]) }))
    .sort((a, b) => a.km - b.km)
    .slice(0, n);
}

/** Municipality or district, then province, then country: what tells two places of one name apart. */
export function districtText(place) {
  return [place.admin2, place.admin1, sideLabel(place.country)].filter(Boolean).join(', ');
}

/** The greatest distance between any two of the places, in km (0 for fewer than two). */
export function spreadKm(places) {
  let max = 0;
  for (const a of places) for (const b of places) max = Math.max(max, distanceKm([a.lon, a.lat], [b.lon, b.lat]));
  return max;
}

