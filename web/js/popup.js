// Feature -> HTML. Every value from data passes through escape(): the page never runs markup
// that a record carries.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escape(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ESCAPES[c]);
}

const LABELS = {
  armed_clash: 'Armed clash',
  shelling: 'Shelling',
  drone_strike: 'Drone strike',
};

function dateText(p) {
  const range = p.date_end && p.date_end !== p.date ? `${p.date} – ${p.date_end}` : p.date;
  return `${escape(range)} <small>(${escape(p.date_precision)})</small>`;
}

function claimsTable(title, claims) {
  if (!claims?.length) return '';
  const rows = claims.map(c => `<tr><td>${escape(c.count)}</td><td>${escape(c.side)} ${escape(c.group)}</td>`
    + `<td>claimed by ${escape(c.claimed_by)}${c.incident_id ? ` (${escape(c.incident_id)})` : ''}</td></tr>`).join('');
  return `<h4>${escape(title)}</h4><table class="claims">${rows}</table>`;
}

function sourcesList(sources) {
  if (!sources?.length) return '';
  const items = sources.map(s => {
    const publisher = s.url
      ? `<a href="${escape(s.url)}" target="_blank" rel="noopener noreferrer">${escape(s.publisher)}</a>`
      : escape(s.publisher);
    // Only a verbatim quote is set in quotation marks and tagged with the report's language;
    // a paraphrase is our own English summary and is labelled as such.
    const quote = !s.quote ? ''
      : s.quote_type === 'verbatim'
        ? ` <span class="quote" lang="${escape(s.language)}">“${escape(s.quote)}”</span>`
        : ` <span class="summary" lang="en">Summary: ${escape(s.quote)}</span>`;
    return `<li>${publisher}, ${escape(s.date)} [${escape(s.language)}]${quote}</li>`;
  }).join('');
  return `<h4>Sources</h4><ul>${items}</ul>`;
}

export function incidentPopup(p) {
  const names = p.place_names?.length ? `<div class="names">${p.place_names.map(escape).join(' · ')}</div>` : '';
  const actors = (p.actors ?? []).filter(a => a.role !== 'claimant').map(a => escape(a.name)).join('; ');
  return `<div class="popup">
    <h3>${escape(LABELS[p.event_type] ?? p.event_type)} — ${escape(p.place_name)}</h3>${names}
    <table>
      <tr><th>Date</th><td>${dateText(p)}</td></tr>
      <tr><th>Type</th><td>${escape(p.event_type)} / ${escape(p.sub_type)}</td></tr>
      <tr><th>Where</th><td>${escape(p.admin1)}${p.admin2 ? ', ' + escape(p.admin2) : ''} (${escape(p.country)})</td></tr>
      <tr><th>Precision</th><td>${escape(p.location_precision)}, within ${escape(p.uncertainty_m)} m</td></tr>
      <tr><th>Border</th><td>${escape(p.border_distance_km)} km, ${escape(p.border_side ?? '?')} side</td></tr>
      <tr><th>Nearest</th><td>${escape(p.nearest_settlement)} (${escape(p.nearest_settlement_km)} km)</td></tr>
      ${actors ? `<tr><th>Actors</th><td>${actors}</td></tr>` : ''}
    </table>
    ${claimsTable('Fatalities (claims)', p.fatalities)}
    ${claimsTable('Injuries (claims)', p.injuries)}
    ${sourcesList(p.sources)}
    ${p.notes ? `<h4>Notes</h4><p>${escape(p.notes)}</p>` : ''}
  </div>`;
}

export function villagePopup(p) {
  return `<div class="popup">
    <h3>${escape(p.name)}</h3>
    <div class="names">${(p.names ?? []).map(escape).join(' · ')}</div>
    <table>
      <tr><th>Where</th><td>${escape(p.admin1)} (${escape(p.country)}), ${escape(p.border_distance_km)} km from the border</td></tr>
      <tr><th>Shelling</th><td>${escape(p.shelling_incidents)} incident(s), ${escape(p.first_date)} – ${escape(p.last_date)}</td></tr>
      <tr><th>Incidents</th><td>${(p.incident_ids ?? []).map(escape).join(', ')}</td></tr>
    </table>
    ${claimsTable('Fatalities (claims)', p.fatalities)}
    ${claimsTable('Injuries (claims)', p.injuries)}
    ${sourcesList(p.sources)}
  </div>`;
}

export function genericPopup(p) {
  const rows = Object.entries(p)
    .filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `<tr><th>${escape(k)}</th><td>${escape(Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : v)}</td></tr>`)
    .join('');
  return `<div class="popup"><table>${rows}</table></div>`;
}
