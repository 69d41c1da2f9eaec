// Claims about a whole period and area ("12 Azerbaijani servicemen killed, 12–16 July, in Tovuz and
// Tavush"). They are no incident and never a point on the map: an incident's popup lists those
// that cover it, apart from its own figures, and the event list names those of the days shown.
import { getJson } from './api.js';
import { t } from './i18n.js';
import { escape } from './text.js';
import { daysText } from './eventList.js';

let all = null;
let read = null;

/**
 * Every period claim, read once: they change only with the atlas's data, which a restart brings.
 * The page reads them at start, so that a popup has them when it opens.
 */
export function loadPeriodClaims() {
  all ??= getJson('/api/period-claims').then(body => {
    read = body.period_claims;
    return read;
  }).catch(error => {
    all = null;
    throw error;
  });
  return all;
}

function safeUrl(url) {
  return /^https?:\/\//i.test(url ?? '') ? url : null;
}

/** One figure in words: "12 Azerbaijani servicemen killed", "61 houses inspected". */
function figureText(kind, c) {
  if (kind === 'damage') {
    return t(`periodClaims.damage.${c.state}`, { count: c.count, object: t(`periodClaims.object.${c.object}`, { count: c.count }) });
  }
  const people = t(`periodClaims.people.${c.group}.${c.side}`, { count: c.count });
  return t(`periodClaims.${kind}`, { count: c.count, people });
}

/** The figures of a claim grouped by who states them, in the order they are listed. */
function byClaimant(claim) {
  const groups = new Map();
  for (const kind of ['fatalities', 'injuries', 'damage']) {
    for (const c of claim[kind] ?? []) {
      if (!groups.has(c.claimed_by)) groups.set(c.claimed_by, []);
      groups.get(c.claimed_by).push({ text: figureText(kind, c), source: c.source });
    }
  }
  return groups;
}

function areaText(claim) {
  const names = claim.area?.admin1 ?? [];
  return names.length > 1 ? t('periodClaims.areaAnd', { first: names.slice(0, -1).join(', '), last: names.at(-1) }) : (names[0] ?? '');
}

/** "Claimant: 12 Azerbaijani servicemen killed, 5 Armenian servicemen killed, 12–16 Jul 2020, Tovuz District and Tavush" */
function claimLines(claim) {
  const when = daysText(claim.date, claim.date_end);
  return [...byClaimant(claim)].map(([claimant, figures]) => ({
    claimant,
    text: `${figures.map(f => f.text).join(', ')}, ${when}, ${areaText(claim)}`,
    sources: [...new Set(figures.map(f => f.source))].map(id => claim.sources.find(s => s.id === id)).filter(Boolean),
  }));
}

function sourceLinks(sources) {
  return sources.map(s => {
    const url = safeUrl(s.url);
    return url ? `<a href="${escape(url)}" target="_blank" rel="noopener noreferrer">${escape(s.publisher)}</a>` : escape(s.publisher);
  }).join('; ');
}

/**
 * The popup's section for an incident (its served properties p): the period claims that cover it,
 * each figure with claimant, period, area and source. Empty when none covers it, or before the
 * claims have been read.
 */
export function periodClaimsSection(p) {
  const ids = p.period_claims ?? [];
  const covering = (read ?? []).filter(c => ids.includes(c.id));
  if (!covering.length) return '';
  const items = covering.flatMap(claim => claimLines(claim).map(line => `<li data-period-claim="${escape(claim.id)}">`
    + `<strong>${escape(line.claimant)}:</strong> ${escape(line.text)}`
    + `${line.sources.length ? ` <small>(${escape(t('periodClaims.source'))}: ${sourceLinks(line.sources)})</small>` : ''}</li>`)).join('');
  return `<section class="period-claims"><h4>${escape(t('periodClaims.popupTitle'))}</h4>`
    + `<p class="period-claims-note">${escape(t('periodClaims.popupNote'))}</p><ul>${items}</ul></section>`;
}

/** Does the claim's period share a day with the days shown (datetime "a/b", ".." open, or none for all)? */
function overlaps(claim, datetime) {
  if (!datetime) return true;
  const [start, end = start] = datetime.split('/');
  return (start === '..' || claim.date_end >= start.slice(0, 10)) && (end === '..' || claim.date <= end.slice(0, 10));
}

/**
 * The compact block above the event list: the period claims whose period overlaps the days the
 * map shows (params: the list's query, whose datetime names them).
 */
export async function showPeriodClaims(box, params) {
  const datetime = params?.get('datetime') ?? null;
  let claims;
  try {
    claims = await loadPeriodClaims();
  } catch {
    box.hidden = true;
    return;
  }
  const shown = claims.filter(c => overlaps(c, datetime));
  box.hidden = !shown.length;
  box.innerHTML = shown.length
    ? `<h3>${escape(t('periodClaims.listTitle'))}</h3><ul>${shown.flatMap(claim => claimLines(claim).map(line =>
      `<li data-period-claim="${escape(claim.id)}"><strong>${escape(line.claimant)}:</strong> ${escape(line.text)}</li>`)).join('')}</ul>`
      + `<p class="period-claims-note">${escape(t('periodClaims.listNote'))}</p>`
    : '';
}
