// Claims over time: what each claimant said about an incident, in the order it was said, so that a
// reader sees a toll rise from 2 to 4 or a denial follow an accusation. A claim is dated by the day
// it was made, or else by its source's publication (marked so); one with neither comes last.
import { formatPartialDate, t, tOr } from './i18n.js';
import { escape, formatNumber, sideLabel } from './text.js';

/** Every claim of the incident properties p, with the day it is placed on and what it says. */
export function datedClaims(p) {
  const sourceDate = id => (p.sources ?? []).find(s => s.id === id)?.date ?? null;
  const out = [];
  const add = (claim, kind, order) => {
    const made = claim.made_at ?? null;
    out.push({ claim, kind, order, day: made ?? sourceDate(claim.source), fromSource: !made && Boolean(sourceDate(claim.source)) });
  };
  (p.fatalities ?? []).forEach((c, i) => add(c, 'fatalities', i));
  (p.injuries ?? []).forEach((c, i) => add(c, 'injuries', 100 + i));
  (p.claims ?? []).forEach((c, i) => add(c, 'statement', 200 + i));
  // Undated last; a day known to the month only ("2020-07") before the days of that month.
  return out.sort((a, b) => (a.day == null) - (b.day == null) || String(a.day).localeCompare(String(b.day)) || a.order - b.order);
}

function figureText(c, kind) {
  const range = c.low != null || c.high != null ? ` (${formatNumber(c.low ?? c.count)}–${formatNumber(c.high ?? c.count)})` : '';
  return t(`claimsTime.${kind}`, {
    count: c.count, figure: `${formatNumber(c.count)}${range}`,
    people: `${tOr(`group.${c.group}`, c.group ?? '')}, ${sideLabel(c.side)}`,
  });
}

/**
 * The claims of p as a list in the order they were made, each saying who said what when; a
 * claimant's new figure about the same people says what it changed from. Empty when p has fewer
 * than two claims: one claim has no order to show.
 */
export function claimsOverTime(p) {
  const claims = datedClaims(p);
  if (claims.length < 2) return '';
  const before = new Map();
  const items = claims.map(({ claim: c, kind, day, fromSource }) => {
    let text;
    let change = '';
    if (kind === 'statement') {
      text = `${tOr(`about.${c.about}`, c.about)}: ${c.value}`;
    } else {
      text = figureText(c, kind);
      const key = `${kind}|${c.claimed_by}|${c.side}|${c.group}`;
      const previous = before.get(key);
      if (previous != null && previous !== c.count) change = ` <span class="claim-change">${escape(t('claimsTime.changed', { from: previous }))}</span>`;
      before.set(key, c.count);
    }
    const when = day
      ? `<time datetime="${escape(day)}">${escape(formatPartialDate(day))}</time>${fromSource ? ` <small>${escape(t('claimsTime.sourceDate'))}</small>` : ''}`
      : `<span class="undated">${escape(t('claimsTime.undated'))}</span>`;
    return `<li>${when} — <b>${escape(c.claimed_by)}</b>: ${escape(text)}${change}${c.source ? ` <small>[${escape(c.source)}]</small>` : ''}</li>`;
  }).join('');
  return `<h4>${escape(t('claimsTime.title'))}</h4><ol class="claims-time">${items}</ol>`;
}
