// Feature -> HTML. Every value from data passes through escape(): the page never runs markup
// that a record carries.
import { formatDay, t, tOr } from './i18n.js';
import { certaintyText } from './symbols.js';
import { escape, eventLabel, formatBorderDistance, formatDistance, formatNumber, sideLabel, subTypeLabel } from './text.js';
import { controlText, filteredNote, incidentList, propertyLabel } from './referencePopups.js';
import { periodClaimsSection } from './periodClaims.js';
import { claimsOverTime } from './claimsOverTime.js';

/** Only http(s) links become anchors: a javascript: URL in a record stays text. */
function safeUrl(url) {
  return /^https?:\/\//i.test(url ?? '') ? url : null;
}

function dateText(start, end, precision) {
  const range = end && end !== start ? `${formatDay(start)} – ${formatDay(end)}` : formatDay(start);
  return `${escape(range)}${precision ? ` <small>(${escape(tOr(`datePrecision.${precision}`, precision))})</small>` : ''}`;
}

/**
 * Figures as claimed, one column per claimant, so that rival claims about the same people sit
 * side by side on one row instead of being merged into a number nobody stated. On a narrow
 * screen the table scrolls sideways inside the popup, which stays within the screen; the
 * scrolling region is focusable, so the keyboard scrolls it too.
 */
function claimsTable(title, claims) {
  if (!claims?.length) return '';
  const claimants = [...new Set(claims.map(c => c.claimed_by))];
  const people = [...new Set(claims.map(c => `${c.side ?? ''}|${c.group ?? ''}`))];
  const head = claimants.map(c => `<th scope="col">${escape(c)}</th>`).join('');
  const rows = people.map(key => {
    const [side, group] = key.split('|');
    const cells = claimants.map(claimant => {
      const found = claims.filter(c => c.claimed_by === claimant && `${c.side ?? ''}|${c.group ?? ''}` === key);
      return found.length
        ? `<td>${found.map(c => `${escape(formatNumber(c.count))}${c.low != null || c.high != null ? ` <small>(${escape(formatNumber(c.low ?? c.count))}–${escape(formatNumber(c.high ?? c.count))})</small>` : ''}`
          + `${c.incident_id ? ` <small>(${escape(c.incident_id)})</small>` : ''}`
          + `${c.source ? ` <small>[${escape(c.source)}]</small>` : ''}`).join('<br>')}</td>`
        : `<td class="no-claim">${escape(t('popup.noClaim'))}</td>`;
    }).join('');
    return `<tr><th scope="row">${escape(sideLabel(side))}, ${escape(tOr(`group.${group}`, group))}</th>${cells}</tr>`;
  }).join('');
  return `<h4>${escape(title)}</h4><div class="claims-scroll" tabindex="0" role="region" aria-label="${escape(title)}"><table class="claims">`
    + `<thead><tr><th scope="col">${escape(t('popup.people'))} \\ ${escape(t('popup.claimant'))}</th>${head}</tr></thead>`
    + `<tbody>${rows}</tbody></table></div>`;
}

/** Claims about date, type, place or responsibility, each with its claimant and source. */
function statementsList(statements) {
  if (!statements?.length) return '';
  const items = statements.map(s => `<li><b>${escape(tOr(`about.${s.about}`, s.about))}:</b> ${escape(s.value)}`
    + ` — ${escape(s.claimed_by)}${s.source ? ` <small>[${escape(s.source)}]</small>` : ''}</li>`).join('');
  return `<h4>${escape(t('popup.statements'))}</h4><ul class="statements">${items}</ul>`;
}

function sourcesList(sources) {
  if (!sources?.length) return '';
  const items = sources.map(s => {
    const url = safeUrl(s.url);
    const publisher = url
      ? `<a href="${escape(url)}" target="_blank" rel="noopener noreferrer">${escape(s.publisher)}</a>`
      : escape(s.publisher);
    // Only a verbatim quote is set in quotation marks and tagged with the report's language;
    // a paraphrase is an English summary and is labelled as such.
    const quote = !s.quote ? ''
      : s.quote_type === 'verbatim'
        ? ` <q class="quote" lang="${escape(s.language)}">${escape(s.quote)}</q>`
        : ` <span class="summary" lang="en">${escape(t('popup.summary'))}: ${escape(s.quote)}</span>`;
    return `<li>${s.id ? `<small>[${escape(s.id)}]</small> ` : ''}${publisher}, ${escape(s.date)} [${escape(s.language)}]${quote}</li>`;
  }).join('');
  return `<h4>${escape(t('popup.sources'))}</h4><ul>${items}</ul>`;
}

function row(label, value) {
  return value ? `<tr><th scope="row">${escape(label)}</th><td>${value}</td></tr>` : '';
}

export function incidentPopup(p) {
  const names = p.place_names?.length ? `<div class="names">${p.place_names.map(escape).join(' · ')}</div>` : '';
  const actors = (p.actors ?? []).filter(a => a.role !== 'claimant')
    .map(a => `${escape(a.name)}${a.side ? ` (${escape(sideLabel(a.side))})` : ''}`).join('; ');
  return `<div class="popup">
    <h3 tabindex="-1">${escape(eventLabel(p.event_type))} — ${escape(p.place_name)}</h3>${names}
    <table>
      ${row(t('popup.date'), dateText(p.date, p.date_end, p.date_precision))}
      ${row(t('popup.type'), `${escape(eventLabel(p.event_type))}${p.sub_type && p.sub_type !== p.event_type ? ` / ${escape(subTypeLabel(p.sub_type))}` : ''}`)}
      ${row(t('popup.where'), `${escape(p.admin1)}${p.admin2 ? ', ' + escape(p.admin2) : ''} (${escape(sideLabel(p.country))})`)}
      ${p.controlled_by ? row(t('control.controlledBy'), escape(controlText(p))) : ''}
      ${row(t('popup.precision'), `<span class="certainty">${escape(certaintyText(p))}</span>`)}
      ${p.border_distance_km == null ? '' : row(t('popup.border'), escape(t('popup.borderValue', { km: formatBorderDistance(p.border_distance_km, p.border_distance_uncertainty_km), side: sideLabel(p.border_side) })))}
      ${p.nearest_settlement ? row(t('popup.nearest'), `${escape(p.nearest_settlement)} (${escape(formatDistance(p.nearest_settlement_km))})`) : ''}
      ${row(t('popup.actors'), actors)}
      ${p.disputed?.length ? row(t('popup.disputed'), p.disputed.map(d => escape(tOr(`about.${d}`, d))).join(', ')) : ''}
    </table>
    ${claimsTable(t('popup.fatalities'), p.fatalities)}
    ${claimsTable(t('popup.injuries'), p.injuries)}
    ${statementsList(p.claims)}
    ${claimsOverTime(p)}
    ${periodClaimsSection(p)}
    ${sourcesList(p.sources)}
    ${p.notes ? `<h4>${escape(t('popup.notes'))}</h4><p class="notes">${escape(p.notes)}</p>` : ''}
    <p class="record-id"><code>${escape(p.id)}</code></p>
    ${p.version ? `<p class="record-history">${escape(t('popup.version', { version: p.version }))}</p>` : ''}
  </div>`;
}

/** The sources of several incidents, each once: the same report cited by two incidents is one source. */
function distinctSources(features) {
  const seen = new Map();
  for (const f of features) {
    for (const s of f.properties.sources ?? []) {
      const key = `${s.publisher}|${s.date}|${s.url}`;
      if (!seen.has(key)) seen.set(key, s);
    }
  }
  return [...seen.values()];
}

/**
 * The claims (fatalities, injuries, each tagged with its incident) and sources of a village's
 * shelling that passes the filters and the days. The village does not hold them: they are read
 * from the incidents when its popup opens. records is {state: 'loading'}, {state: 'failed',
 * message}, {state: 'done', features, matched} (the incidents read, and how many the query
 * matched), or null when there is nothing to read.
 */
export function villageRecords(view, records) {
  let body = '';
  if (records?.state === 'loading') {
    body = `<p class="records-loading" role="status">${escape(t('village.recordsLoading'))}</p>`;
  } else if (records?.state === 'failed') {
    body = `<p class="records-failed" role="alert">${escape(t('village.recordsFailed', { message: records.message }))}</p>`;
  } else if (records?.state === 'done') {
    // The same query as the map's, so the same incidents; the list decides should the two differ.
    const ids = view.pending ? null : new Set(view.matching.map(r => r.id));
    const features = records.features.filter(f => !ids || ids.has(f.id));
    const claims = key => features.flatMap(f => (f.properties[key] ?? []).map(c => ({ ...c, incident_id: f.id })));
    const partial = records.matched > records.features.length
      ? `<p class="records-partial">${escape(t('village.recordsPartial', { shown: records.features.length, count: records.matched }))}</p>` : '';
    body = partial + claimsTable(t('popup.fatalities'), claims('fatalities')) + claimsTable(t('popup.injuries'), claims('injuries'))
      + sourcesList(distinctSources(features));
  }
  return `<div class="village-records" aria-busy="${records?.state === 'loading'}">${body}</div>`;
}

/**
 * A shelled village: where it lies, its shelling counted again from the incidents that pass the
 * filters and the days (view, from referencePopups.incidentsView), the incidents as buttons that
 * open them, and the claims and sources of those incidents (records, see villageRecords).
 */
export function villagePopup(p, view, active, records) {
  const note = filteredNote(view, active, 'shelling');
  const first = view.first ?? p.first_date;
  const last = view.last ?? p.last_date;
  const days = !last || last === first ? formatDay(first) : `${formatDay(first)} – ${formatDay(last)}`;
  const shelling = view.count ? t('popup.shellingValue', { count: view.count, days }) : '';
  return `<div class="popup reference-popup" tabindex="-1">
    <h3>${escape(p.name)}</h3>
    <div class="names">${(p.names ?? []).map(escape).join(' · ')}</div>
    ${note ? `<p class="filtered-note">${escape(note)}</p>` : ''}
    <table>
      ${row(t('popup.where'), `${escape(p.admin1)} (${escape(sideLabel(p.country))})`)}
      ${p.border_distance_km == null ? '' : row(t('popup.border'), escape(t('popup.borderValue', { km: formatBorderDistance(p.border_distance_km, p.border_distance_uncertainty_km), side: sideLabel(p.border_side ?? p.country) })))}
      ${row(t('popup.shelling'), escape(shelling))}
    </table>
    <h4>${escape(t('popup.incidents'))}</h4>
    ${incidentList(view)}
    ${villageRecords(view, records)}
  </div>`;
}

/** A layer the page has no popup of its own for: its properties, named in the reader's language. */
export function genericPopup(p) {
  const rows = Object.entries(p)
    .filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `<tr><th scope="row">${escape(propertyLabel(k))}</th><td>${escape(Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : v)}</td></tr>`)
    .join('');
  return `<div class="popup" tabindex="-1"><table>${rows}</table></div>`;
}
