// Place and incident search: the server matches names in any script and spelling; the page lists
// what it finds and, when a name is ambiguous, the candidates with what tells them apart: their
// districts, kinds, distances to the border and from one another. Choosing a result hands it on
// (the map zooms to it; the editor asks to confirm it). The list follows the WAI-ARIA combobox
// pattern.
import { ApiError, search } from './api.js';
import { formatDay, t } from './i18n.js';
import { distanceKm, districtText } from './places.js';
import { escape, eventLabel, formatBorderDistance, formatDistance } from './text.js';

/** The longest query the server takes (PlaceSearch.MAX_QUERY_LENGTH, in characters). */
export const MAX_QUERY_LENGTH = 100;

/** How close the map comes to a place of each kind: a village with its fields, a town whole. */
const ZOOM = { village: 13, town: 11, city: 10 };

/** The zoom that shows a found place and its surroundings. */
export function placeZoom(place) {
  return ZOOM[place?.kind] ?? ZOOM.village;
}

/** What the box says when a search fails, in the page's language. */
export function searchErrorText(error) {
  if (error instanceof ApiError) return t('search.failed', { message: error.message });
  return t('search.offline');
}

/**
 * What tells a place apart from others of its name: its kind, its distance to the border and,
 * when given the first of several candidates, its distance from that one.
 */
function placeFacts(place, first) {
  const facts = [place.kind ? t(`search.kind.${place.kind}`) : null];
  if (place.borderDistanceKm != null) facts.push(t('search.fromBorder', { km: formatBorderDistance(place.borderDistanceKm, place.borderDistanceUncertaintyKm) }));
  if (first && first !== place) {
    facts.push(t('search.fromFirst', { km: formatDistance(distanceKm([first.lon, first.lat], [place.lon, place.lat])) }));
  }
  return facts.filter(Boolean).join(', ');
}

export class SearchBox {
  /**
   * options: placesOnly leaves incidents out; placeNote(place) adds a line to each place;
   * ambiguousNote(result, places) replaces the notice shown when several places match.
   */
  constructor(input, list, onChoose, { placesOnly = false, placeNote = null, ambiguousNote = null } = {}) {
    this.input = input;
    this.list = list;
    this.onChoose = onChoose;
    this.placesOnly = placesOnly;
    this.placeNote = placeNote;
    this.ambiguousNote = ambiguousNote;
    this.idPrefix = `${list.id}-option-`;
    this.options = [];
    this.active = -1;
    input.maxLength = MAX_QUERY_LENGTH;
    input.addEventListener('input', () => {
      // The list no longer answers what the box holds until the next answer comes.
      delete this.list.dataset.query;
      clearTimeout(this.pending);
      this.pending = setTimeout(() => this.run(), 200);
    });
    input.addEventListener('keydown', e => this.key(e));
    // Late, so that a click on an option lands first; not at all when the box has the focus again.
    input.addEventListener('blur', () => setTimeout(() => {
      if (document.activeElement !== this.input) this.close();
    }, 200));
  }

  async run() {
    const query = this.input.value.trim();
    if (!query) return this.close();
    try {
      const result = await search(query);
      if (query !== this.input.value.trim()) return;
      this.show(result);
      // Which query the list answers: an answer to an earlier keystroke may come first.
      this.list.dataset.query = query;
    } catch (error) {
      if (query === this.input.value.trim()) this.showMessage(searchErrorText(error));
    }
  }

  show(result) {
    // Candidates of an ambiguous name also say how far each is from the first.
    const first = result.ambiguous ? result.places[0] : null;
    const places = result.places.map(p => {
      const matched = p.matchedName && p.matchedName !== p.name ? p.matchedName : null;
      const district = districtText(p);
      const facts = placeFacts(p, first);
      const note = this.placeNote ? this.placeNote(p) : null;
      return {
        kind: 'place', lat: p.lat, lon: p.lon, label: p.name, place: p,
        name: [matched ? `${p.name} (${matched})` : p.name, district, facts, note].filter(Boolean).join('; '),
        html: `<strong>${escape(p.name)}</strong>${matched ? ` <span class="matched">${escape(matched)}</span>` : ''}`
          + `<br><small>${escape(district)}</small>`
          + (facts ? `<br><small class="facts">${escape(facts)}</small>` : '')
          + (note ? `<br><small class="note">${escape(note)}</small>` : ''),
      };
    });
    const incidents = this.placesOnly ? [] : result.incidents.map(i => ({
      kind: 'incident', lat: i.lat, lon: i.lon, layer: i.layer, id: i.id, label: i.id,
      html: `<strong>${escape(eventLabel(i.eventType))} — ${escape(i.placeName)}</strong>`
        + `<br><small>${escape(formatDay(i.date))}${i.dateEnd && i.dateEnd !== i.date ? ' – ' + escape(formatDay(i.dateEnd)) : ''} · ${escape(i.id)}</small>`,
    }));
    this.options = [...places, ...incidents];
    if (!this.options.length) return this.showMessage(t('search.none', { query: result.query }));
    const section = (title, items, offset) => (items.length
      ? `<li role="presentation" class="group">${escape(title)}</li>`
        + items.map((o, i) => `<li role="option" id="${this.idPrefix}${offset + i}" data-index="${offset + i}" aria-selected="false"`
          + `${o.name ? ` aria-label="${escape(o.name)}"` : ''}>${o.html}</li>`).join('')
      : '');
    const ambiguous = result.ambiguous
      ? `<li role="presentation" class="ambiguous">${escape(this.ambiguousNote?.(result, result.places)
        ?? t('search.ambiguous', { query: result.query }))}</li>` : '';
    this.list.innerHTML = ambiguous + section(t('search.places'), places, 0) + section(t('search.incidents'), incidents, places.length);
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.input.removeAttribute('aria-activedescendant');
    this.active = -1;
    for (const li of this.list.querySelectorAll('[role=option]')) {
      li.addEventListener('mousedown', e => {
        e.preventDefault();
        this.choose(Number(li.dataset.index));
      });
    }
  }

  showMessage(text) {
    this.options = [];
    this.list.innerHTML = `<li role="presentation" class="message">${escape(text)}</li>`;
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.input.removeAttribute('aria-activedescendant');
    this.active = -1;
  }

  key(e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!this.options.length) return;
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      this.highlight((this.active + step + this.options.length) % this.options.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // Enter takes the highlighted option, or the only one; an ambiguous name is never guessed.
      if (this.active >= 0) this.choose(this.active);
      else if (this.options.length === 1) this.choose(0);
    } else if (e.key === 'Escape') {
      this.close();
    }
  }

  highlight(index) {
    this.active = index;
    for (const li of this.list.querySelectorAll('[role=option]')) {
      li.setAttribute('aria-selected', String(Number(li.dataset.index) === index));
    }
    this.input.setAttribute('aria-activedescendant', `${this.idPrefix}${index}`);
    this.list.querySelector(`#${this.idPrefix}${index}`)?.scrollIntoView({ block: 'nearest' });
  }

  choose(index) {
    const option = this.options[index];
    if (!option) return;
    this.input.value = option.label;
    this.close();
    this.onChoose(option);
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }
}
