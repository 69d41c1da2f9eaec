// Place and incident search: the server matches names in any script and spelling; the page lists
// what it finds and, when a name is ambiguous, the candidates with their districts. Choosing a
// result hands it on (the map zooms to it; the editor asks to confirm it). The list follows the
// WAI-ARIA combobox pattern.
import { search } from './api.js';
import { formatDay, t } from './i18n.js';
import { districtText } from './places.js';
import { escape, eventLabel } from './text.js';

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
    input.addEventListener('input', () => {
      clearTimeout(this.pending);
      this.pending = setTimeout(() => this.run(), 200);
    });
    input.addEventListener('keydown', e => this.key(e));
    input.addEventListener('blur', () => setTimeout(() => this.close(), 200));
  }

  async run() {
    const query = this.input.value.trim();
    if (!query) return this.close();
    try {
      const result = await search(query);
      if (query !== this.input.value.trim()) return;
      this.show(result);
    } catch (error) {
      this.showMessage(t('search.failed', { message: error.message }));
    }
  }

  show(result) {
    const places = result.places.map(p => ({
      kind: 'place', lat: p.lat, lon: p.lon, label: p.name, place: p,
      html: `<strong>${escape(p.name)}</strong>${p.matchedName && p.matchedName !== p.name ? ` <span class="matched">${escape(p.matchedName)}</span>` : ''}`
        + `<br><small>${escape(districtText(p))}</small>`
        + (this.placeNote ? `<br><small class="note">${escape(this.placeNote(p))}</small>` : ''),
    }));
    const incidents = this.placesOnly ? [] : result.incidents.map(i => ({
      kind: 'incident', lat: i.lat, lon: i.lon, layer: i.layer, id: i.id, label: i.id,
      html: `<strong>${escape(eventLabel(i.eventType))} — ${escape(i.placeName)}</strong>`
        + `<br><small>${escape(formatDay(i.date))}${i.dateEnd && i.dateEnd !== i.date ? ' – ' + escape(formatDay(i.dateEnd)) : ''} · ${escape(i.id)}</small>`,
    }));
    this.options = [...places, ...incidents];
    if (!this.options.length) return this.showMessage(t('search.none', { query: result.query }));
    const section = (title, items, offset) => (items.length
      ? `<li role="presentation" class="group">${escape(title)}</li>`
        + items.map((o, i) => `<li role="option" id="${this.idPrefix}${offset + i}" data-index="${offset + i}" aria-selected="false">${o.html}</li>`).join('')
      : '');
    const ambiguous = result.ambiguous
      ? `<li role="presentation" class="ambiguous">${escape(this.ambiguousNote?.(result, result.places)
        ?? t('search.ambiguous', { query: result.query }))}</li>` : '';
    this.list.innerHTML = ambiguous + section(t('search.places'), places, 0) + section(t('search.incidents'), incidents, places.length);
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
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
