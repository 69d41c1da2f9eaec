// Marker symbols as SVG: shape by event type, fill by side of the border, size by the highest
// fatality figure claimed, outline by how certain the location is. Icons are shared between
// markers with the same look, so a layer of 100,000 incidents makes only a few dozen icons.
import { t, tOr } from './i18n.js';
import { eventLabel, formatNumber, sideLabel } from './text.js';

export const EVENT_TYPES = ['armed_clash', 'shelling', 'drone_strike', 'disrupted_weapons_use'];
export const SIDES = ['AM', 'AZ'];
export const SIDE_COLOURS = { AM: '#5e3c99', AZ: '#e66101', unknown: '#8a8a8a' };

/** Beyond this radius a place is drawn as approximate, whatever its precision label says. */
export const PRECISE_METRES = 500;

/**
 * The one rule for how certain a location is. The marker's outline, the uncertainty circle, the
 * popup's location row and the legend all ask this, so a dashed marker is always called
 * approximate: a place is exact only when it is recorded as exact and its uncertainty radius,
 * when it has one, is at most PRECISE_METRES. labelKey names the text that says so.
 */
export function locationCertainty(p) {
  const metres = Number.isFinite(p?.uncertainty_m) ? p.uncertainty_m : null;
  const approximate = p?.location_precision !== 'exact' || (metres ?? 0) > PRECISE_METRES;
  const kind = approximate ? 'approximate' : 'exact';
  return { approximate, metres, labelKey: `certainty.${kind}${metres == null ? '.noRadius' : ''}` };
}

/** Whether an incident's place is known only roughly: never drawn as a precise pin. */
export function isApproximate(p) {
  return locationCertainty(p).approximate;
}

/** What the popup says of a location: "approximate: within 1,000 m (named place)". */
export function certaintyText(p) {
  const { labelKey, metres } = locationCertainty(p);
  const basis = tOr(`certainty.basis.${p.location_precision}`, t('certainty.basis.unknown'));
  return t(labelKey, { metres: metres == null ? '' : formatNumber(metres), basis });
}

/** Diameter in pixels: the area grows with the figure, capped so a big number cannot hide the map. */
export function symbolSize(fatalities) {
  return Math.round(Math.min(44, 18 + 4 * Math.sqrt(fatalities ?? 0)));
}

function shape(type, s) {
  const h = s / 2;
  const m = 1.5;
  switch (type) {
    case 'shelling':
      return `<polygon points="${h},${m} ${s - m},${s - m} ${m},${s - m}"/>`;
    case 'drone_strike':
      return `<polygon points="${h},${m} ${s - m},${h} ${h},${s - m} ${m},${h}"/>`;
    // A square crossed out: a weapon stopped before it was used, unlike the strike's diamond.
    case 'disrupted_weapons_use':
      return `<rect x="${m + 1}" y="${m + 1}" width="${s - 2 * m - 2}" height="${s - 2 * m - 2}"/>`
        + `<path d="M${m + 3},${m + 3}L${s - m - 3},${s - m - 3}M${s - m - 3},${m + 3}L${m + 3},${s - m - 3}" fill="none"/>`;
    default:
      return `<circle cx="${h}" cy="${h}" r="${h - m}"/>`;
  }
}

/** SVG markup of one symbol; exact places have a solid outline, approximate ones a dashed, paler one. */
export function symbolSvg({ type, side, fatalities, exact }) {
  const s = symbolSize(fatalities);
  const fill = SIDE_COLOURS[side] ?? SIDE_COLOURS.unknown;
  const stroke = exact ? 'stroke="#111" stroke-width="1.5"' : 'stroke="#111" stroke-width="1.5" stroke-dasharray="3 2"';
  const opacity = exact ? 0.95 : 0.7;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}" aria-hidden="true">`
    + `<g fill="${fill}" fill-opacity="${opacity}" ${stroke}>${shape(type, s)}</g></svg>`;
}

const icons = new Map();

/** The side an incident's colour stands for: one of SIDES or 'unknown'. */
export function sideOf(p) {
  return SIDES.includes(p.country) ? p.country : 'unknown';
}

/** The Leaflet icon for an incident's properties. */
export function incidentIcon(p) {
  const look = {
    type: EVENT_TYPES.includes(p.event_type) ? p.event_type : 'other',
    side: sideOf(p),
    fatalities: Math.min(p.fatalities_high ?? 0, 100),
    exact: !isApproximate(p),
  };
  const key = `${look.type}|${look.side}|${symbolSize(look.fatalities)}|${look.exact}`;
  let icon = icons.get(key);
  if (!icon) {
    const s = symbolSize(look.fatalities);
    icon = L.divIcon({ html: symbolSvg(look), className: 'incident-icon', iconSize: [s, s], iconAnchor: [s / 2, s / 2] });
    icons.set(key, icon);
  }
  return icon;
}

/** Diameter of a cluster's ring: a little larger for more incidents, never larger than the biggest marker. */
export function clusterSize(count) {
  return count < 10 ? 32 : count < 100 ? 38 : 44;
}

/**
 * A cluster as a ring whose segments are the sides of the incidents it holds, in the markers'
 * colours and outline, around a white centre for the count (drawn by the caller as text).
 * sides: counts per side, e.g. {AM: 3, AZ: 2}.
 */
export function clusterSvg(sides, size) {
  const total = Object.values(sides).reduce((a, b) => a + b, 0) || 1;
  const h = size / 2;
  const width = Math.max(6, size / 4.5);
  const r = h - 1.5 - width / 2;
  const around = 2 * Math.PI * r;
  let start = 0;
  const segments = [...SIDES, 'unknown'].filter(side => sides[side] > 0).map(side => {
    const length = around * sides[side] / total;
    const segment = `<circle cx="${h}" cy="${h}" r="${r.toFixed(2)}" fill="none" stroke="${SIDE_COLOURS[side]}" stroke-width="${width.toFixed(2)}"`
      + ` stroke-dasharray="${length.toFixed(2)} ${(around - length).toFixed(2)}" stroke-dashoffset="${(-start).toFixed(2)}"`
      + ` transform="rotate(-90 ${h} ${h})"/>`;
    start += length;
    return segment;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" aria-hidden="true">`
    + `<circle cx="${h}" cy="${h}" r="${h - 1}" fill="#fff" fill-opacity="0.95" stroke="#111" stroke-width="1.5"/>`
    + segments
    + `<circle cx="${h}" cy="${h}" r="${(r - width / 2).toFixed(2)}" fill="none" stroke="#111" stroke-width="0.75"/></svg>`;
}

/** Counts of a cluster's incidents by side and by event type, in the order the legend lists them. */
export function clusterMix(properties) {
  const sides = {};
  const types = {};
  for (const p of properties) {
    const side = sideOf(p);
    sides[side] = (sides[side] ?? 0) + 1;
    types[p.event_type] = (types[p.event_type] ?? 0) + 1;
  }
  return { count: properties.length, sides, types };
}

/** A cluster's name for screen readers and its tooltip: "5 incidents: 3 shelling, 2 armed clashes; Armenia 4, Azerbaijan 1". */
export function clusterName({ count, sides, types }) {
  const known = [...EVENT_TYPES, ...Object.keys(types).filter(type => !EVENT_TYPES.includes(type))];
  const typeParts = known.filter(type => types[type] > 0)
    .map(type => t(`cluster.event.${EVENT_TYPES.includes(type) ? type : 'other'}`, { count: types[type], type: eventLabel(type) }));
  const sideParts = [...SIDES, 'unknown'].filter(side => sides[side] > 0)
    .map(side => t('cluster.side', { side: sideLabel(side === 'unknown' ? null : side), count: sides[side] }));
  return t('cluster.name', { incidents: t('cluster.incidents', { count }), types: typeParts.join(', '), sides: sideParts.join(', ') });
}
