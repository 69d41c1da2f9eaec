// What the reference layers say about themselves: exposure zones, the border, settlements, and
// the incidents of a village or a zone (found among the loaded incidents by their place or zone),
// counted again under the filters and the days. Every value from data passes through escape();
// coded values through the dictionaries.
import { formatDay, formatPartialDate, t, tOr } from './i18n.js';
import { escape, eventLabel, formatBorderDistance, formatNumber, sideLabel } from './text.js';

/** A figure in the reader's language, with at most `digits` decimals; nothing for a missing one. */
export function formatKm(value, digits = 1) {
  return value == null || Number.isNaN(Number(value)) ? '' : formatNumber(value, { maximumFractionDigits: digits });
}

/**
 * A village's or a zone's incidents, split by the current filters and days. records are the
 * loaded incidents that belong to it ({id, p}, in the order of their ids), or null while the
 * incidents are still loading: then the feature's own count (total) stands for them all.
 * test(p) says whether an incident passes, active tells which of days and filters are set.
 * count is what the map counts: the incidents that pass.
 */
export function incidentsView(records, total, test, active) {
  if (!records) return { rows: [], matching: [], total: total ?? 0, count: total ?? 0, pending: true, first: null, last: null };
  const rows = records.map(r => ({ id: r.id, p: r.p, matches: !active.any || test(r.p) }));
  const matching = rows.filter(r => r.matches);
  let first = null;
  let last = null;
  for (const { p } of matching) {
    if (first === null || p.date < first) first = p.date;
    const end = p.date_end ?? p.date;
    if (last === null || end > last) last = end;
  }
  return { rows, matching, total: rows.length, count: matching.length, pending: false, first, last };
}

/** Which of the days and the filters narrow what is counted, as a key of the dictionaries. */
function scopeKey(active) {
  if (active.days && active.filters) return 'daysAndFilters';
  return active.days ? 'days' : 'filters';
}

/**
 * Why a village or zone counts fewer incidents than it has, or '' when nothing is filtered (or
 * the incidents are not in yet, so nothing can be counted under the filters).
 */
export function filteredNote(view, active, what = 'shelling') {
  if (!active.any || view.pending) return '';
  const scope = t(`reference.scope.${scopeKey(active)}`);
  return view.count
    ? t(`reference.${what}Some`, { count: view.count, total: view.total, scope })
    : t(`reference.${what}None`, { total: view.total, scope });
}

function incidentLabel(r) {
  const day = r.p.date_end && r.p.date_end !== r.p.date
    ? `${formatDay(r.p.date)} – ${formatDay(r.p.date_end)}` : formatDay(r.p.date);
  return `${eventLabel(r.p.event_type)} — ${r.p.place_name ?? ''}, ${day} (${r.id})`;
}

/**
 * The incidents as buttons that open them on the map (those the filters hide cannot be opened
 * there, so they are listed as text below the others).
 */
export function incidentList(view) {
  if (view.pending) return view.total ? `<p class="incidents-loading">${escape(t('popup.loading'))}</p>` : '';
  if (!view.total) return '';
  const shown = view.matching.map(r => `<li><button type="button" class="incident-link" data-incident="${escape(r.id)}">`
    + `${escape(incidentLabel(r))}</button></li>`).join('');
  const hidden = view.rows.filter(r => !r.matches).map(r => `<li class="filtered-out">${escape(incidentLabel(r))}</li>`).join('');
  return `${shown ? `<ul class="incident-links">${shown}</ul>` : ''}`
    + `${hidden ? `<p class="filtered-title">${escape(t('reference.hiddenIncidents'))}</p><ul class="incident-links">${hidden}</ul>` : ''}`;
}

function row(label, value) {
  return value ? `<tr><th scope="row">${escape(label)}</th><td>${value}</td></tr>` : '';
}

/** A zone's band in words: "0–5 km". */
export function bandText(p) {
  return t('zone.band', { min: formatKm(p.min_km), max: formatKm(p.max_km) });
}

export function zoneName(p) {
  return t('zone.title', { band: bandText(p), side: sideLabel(p.side) });
}

export function zonePopup(p, view, active) {
  const settlements = p.settlements ?? [];
  const note = filteredNote(view, active, 'incidents');
  return `<div class="popup reference-popup" tabindex="-1">
    <h3>${escape(zoneName(p))}</h3>
    <table>
      ${row(t('zone.side'), escape(sideLabel(p.side)))}
      ${row(t('zone.distance'), escape(bandText(p)))}
      ${p.area_km2 == null ? '' : row(t('zone.area'), escape(t('zone.areaValue', { area: formatKm(p.area_km2) })))}
    </table>
    <h4>${escape(t('zone.settlements', { count: settlements.length }))}</h4>
    ${settlements.length ? `<p class="settlement-list">${settlements.map(escape).join(' · ')}</p>` : `<p>${escape(t('zone.none'))}</p>`}
    <h4>${escape(t('zone.incidents', { count: view.count }))}</h4>
    ${note ? `<p class="filtered-note">${escape(note)}</p>` : ''}
    ${view.total ? incidentList(view) : `<p>${escape(t('zone.none'))}</p>`}
  </div>`;
}

export function borderName(p) {
  return t('border.title', { length: formatKm(p.length_km) });
}

export function borderPopup(p) {
  return `<div class="popup reference-popup" tabindex="-1">
    <h3>${escape(t('layer.border'))}</h3>
    <table>
      ${p.length_km == null ? '' : row(t('border.length'), escape(t('border.lengthValue', { length: formatKm(p.length_km) })))}
      ${p.position_uncertainty_km == null ? '' : row(t('border.uncertainty'), escape(t('border.uncertaintyValue', { km: formatNumber(p.position_uncertainty_km, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })))}
      ${row(t('border.derived'), escape(t('border.derivedValue')))}
      ${row(t('border.source'), escape(p.source))}
    </table>
  </div>`;
}

/**
 * Who held the ground, for a place inside an area of other control (control_areas); '' elsewhere.
 * The country fields stay those of the internationally recognised border.
 */
export function controlText(p) {
  return p.controlled_by ? t('control.heldBy', { side: sideLabel(p.controlled_by) }) : '';
}

/** The popup of an area of other control: whose it is, who held it since when, and the source. */
export function controlAreaPopup(p) {
  const source = [p.source_publisher, p.source_title, formatPartialDate(p.source_date)].filter(Boolean).map(escape).join(', ');
  const link = p.source_url ? ` <a href="${escape(p.source_url)}" target="_blank" rel="noopener">${escape(t('control.open'))}</a>` : '';
  return `<div class="popup reference-popup" tabindex="-1">
    <h3>${escape(p.name)}</h3>
    <table>
      ${row(t('control.sovereign'), escape(sideLabel(p.sovereign)))}
      ${row(t('control.controlledBy'), escape(t('control.since', { side: sideLabel(p.controlled_by), since: formatPartialDate(p.control_since), asOf: formatPartialDate(p.as_of) })))}
      ${row(t('control.source'), `${source}${link}`)}
    </table>
    <blockquote>${escape(p.source_quote ?? '')}</blockquote>
  </div>`;
}

/** A settlement's tooltip: name, kind, district and side, distance to the border. */
export function settlementTooltip(p) {
  const kind = tOr(`settlement.kind.${p.feature_code}`, t('settlement.kind.other'));
  const district = [p.admin2, p.admin1].filter(Boolean).join(', ');
  const where = district ? `${district} (${sideLabel(p.country)})` : sideLabel(p.country);
  const distance = p.border_distance_km == null ? ''
    : `<br>${escape(t('settlement.distance', { km: formatBorderDistance(p.border_distance_km, p.border_distance_uncertainty_km) }))}`;
  const control = p.controlled_by ? `<br>${escape(controlText(p))}` : '';
  return `<b>${escape(p.name)}</b> · ${escape(kind)}<br>${escape(where)}${distance}${control}`;
}

/** Properties of a layer the page knows nothing about, by their translated names where known. */
export function propertyLabel(key) {
  return tOr(`field.${key}`, tOr(`property.${key}`, key.replace(/_/g, ' ')));
}
