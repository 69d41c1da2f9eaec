// Text for the page: escaping of everything that comes from data, and the labels of coded values.
import { locale, t, tOr } from './i18n.js';

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

export function formatNumber(n) {
  return Number(n).toLocaleString(locale());
}

export function subTypeLabel(subType) {
  return tOr(`subtype.${subType}`, subType);
}
