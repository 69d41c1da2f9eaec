// Marker symbols as SVG: shape by event type, fill by side of the border, size by the highest
// fatality figure claimed, outline by location precision. Icons are shared between markers with
// the same look, so a layer of 100,000 incidents makes only a few dozen icons.

export const EVENT_TYPES = ['armed_clash', 'shelling', 'drone_strike'];
export const SIDES = ['AM', 'AZ'];
export const SIDE_COLOURS = { AM: '#5e3c99', AZ: '#e66101', unknown: '#8a8a8a' };

/** Beyond this radius a place is drawn as approximate, whatever its precision label says. */
const PRECISE_METRES = 500;

/** Whether an incident's place is known only roughly: never drawn as a precise pin. */
export function isApproximate(p) {
  return p.location_precision !== 'exact' || (p.uncertainty_m ?? 0) > PRECISE_METRES;
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

/** The Leaflet icon for an incident's properties. */
export function incidentIcon(p) {
  const look = {
    type: EVENT_TYPES.includes(p.event_type) ? p.event_type : 'other',
    side: SIDES.includes(p.country) ? p.country : 'unknown',
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
