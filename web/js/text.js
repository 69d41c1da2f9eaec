// Text for the page: escaping of everything that comes from data, and the labels of coded values.
import { numberFormat, t, tOr } from './i18n.js';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value from data, or from a dictionary, passes through here before it becomes markup. */
export function escape(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ESCAPES[c]);
}

export function eventLabel(type) {
  return tOr(`event.${type}`, type);
}

export function sideLabel(side) {
  return side ? tOr(`side.${side}`, side) : t('side.unknown');
}

/** A number as the page's language writes it (1,234.5 in English, 1.234,5 in German); options as Intl.NumberFormat's. */
export function formatNumber(n, options) {
  return numberFormat(options).format(Number(n));
}

/** A distance in km for reading: metres below 1 km, one decimal below 10 km, whole kilometres above. */
export function formatDistance(km) {
  if (km == null || !Number.isFinite(Number(km))) return '';
  const value = Number(km);
  if (value < 1) return formatMetres(value * 1000);
  return `${formatNumber(value, { maximumFractionDigits: value < 10 ? 1 : 0 })} km`;
}

/**
 * A distance to the border with how far it may be off, as the layers give both: "1.0 km ± 0.5 km".
 * One decimal, never more: the border itself is known only to about half a kilometre. A distance
 * smaller than the uncertainty keeps its number; the ± says what it is worth.
 */
export function formatBorderDistance(km, uncertaintyKm) {
  if (km == null || !Number.isFinite(Number(km))) return '';
  const tenths = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
  const distance = formatNumber(km, tenths);
  if (uncertaintyKm == null || !Number.isFinite(Number(uncertaintyKm))) return t('borderDistance.plain', { km: distance });
  return t('borderDistance.value', { km: distance, uncertainty: formatNumber(uncertaintyKm, tenths) });
}

/** A latitude or longitude in decimal degrees, to five places (about a metre). */
export function formatCoordinate(degrees) {
  return formatNumber(degrees, { minimumFractionDigits: 5, maximumFractionDigits: 5, useGrouping: false });
}

/** A length in metres, whole. */
export function formatMetres(m) {
  return `${formatNumber(Math.round(Number(m)))} m`;
}

export function subTypeLabel(subType) {
  return tOr(`subtype.${subType}`, subType);
}
