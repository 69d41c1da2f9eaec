// The form of an incident record, new or stored: reads itself into the API's write format and
// shows the server's field errors next to the inputs they name. The server is the judge of what
// is valid: the form checks nothing itself, so that what it shows is exactly what the server said.
// A stored record keeps what the form has no input for (parties, sub-type, a source's archive
// copy, ...): the form writes its own fields over the record as stored, so a PUT loses nothing.
import { append, el } from './dom.js';
import { t, translatePage } from './i18n.js';
import { districtText } from './places.js';
import { formatCoordinate } from './text.js';

/** The entry lists of the form: their template and, for each entry, the array it is sent in. */
const LISTS = {
  sources: { template: '#source-template', min: 1 },
  figures: { template: '#figure-template', min: 0 },
  statements: { template: '#statement-template', min: 0 },
};

/** A text input's value, or undefined when empty (the server then treats it as absent). */
function text(input) {
  const v = input?.value.trim();
  return v ? v : undefined;
}

/** A whole number when the input holds one, else what was typed, for the server to refuse. */
function number(input) {
  const v = text(input);
  if (v === undefined) return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

/** The object without its undefined members. */
function defined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}

/** Sets a form control to a stored value; absent values leave it empty (or at its first choice). */
function put(control, value) {
  if (!control) return;
  control.value = value == null ? '' : String(value);
  if (control.tagName === 'SELECT' && control.selectedIndex < 0) control.selectedIndex = 0;
}

let errorIds = 0;

export class IncidentForm {
  /** onSubmit(feature) is called with the record to send; onChangePlace when the user wants another place. */
  constructor(form, { onSubmit, onChangePlace, onCancel }) {
    this.form = form;
    this.place = null;
    this.point = null;
    this.nextSource = 1;
    this.fields = new Map();
    this.rows = {};
    for (const [name, list] of Object.entries(LISTS)) {
      const fieldset = form.querySelector(`#form-${name}`);
      this.rows[name] = fieldset.querySelector('.rows');
      fieldset.querySelector('.add-entry').addEventListener('click', () => this.addEntry(name, true));
      list.fieldset = fieldset;
    }
    form.addEventListener('submit', e => {
      e.preventDefault();
      onSubmit(this.feature());
    });
    form.addEventListener('input', e => {
      if (e.target.closest('#form-sources')) this.updateSourceChoices();
    });
    form.querySelector('[name=date_precision]').addEventListener('change', () => this.showDatePrecision());
    form.querySelector('#form-change-place').addEventListener('click', onChangePlace);
    form.querySelector('#form-cancel').addEventListener('click', onCancel);
  }

  /** Empties the form for a new record at place (a gazetteer place) and point ([lon, lat]). */
  reset(place, point) {
    this.stored = null;
    this.form.reset();
    this.clearErrors();
    this.nextSource = 1;
    for (const [name, list] of Object.entries(LISTS)) {
      this.rows[name].replaceChildren();
      for (let i = 0; i < list.min; i++) this.addEntry(name, false);
    }
    this.updateSourceChoices();
    this.showDatePrecision();
    this.setPlace(place, point);
  }

  /**
   * Fills the form with a stored record (a GeoJSON Feature as the server answers it), to be
   * changed and sent back whole. Its place is the gazetteer place it names.
   */
  fill(record) {
    const p = record.properties;
    const [lon, lat] = record.geometry.coordinates;
    this.reset({ id: p.place_id, name: p.place_name, admin1: p.admin1, admin2: p.admin2, country: p.country, lon, lat }, [lon, lat]);
    this.stored = record;
    const own = name => this.form.querySelector(`[data-field="properties.${name}"]`);
    const precision = p.date_precision ?? (p.date_end && p.date_end !== p.date ? 'range' : 'day');
    put(own('date_precision'), precision);
    // A month is shown as the month; a one-day record is stored with its end on its day, and the
    // form leaves the end empty then.
    put(own('date'), precision === 'month' && p.date ? p.date.slice(0, 7) : p.date);
    put(own('date_end'), precision === 'range' && p.date_end !== p.date ? p.date_end : null);
    this.showDatePrecision();
    for (const name of ['event_type', 'location_precision', 'uncertainty_m', 'notes']) put(own(name), p[name]);
    this.rows.sources.replaceChildren();
    const numbers = (p.sources ?? []).map(s => /^S(\d+)$/.exec(s.id ?? '')).filter(Boolean).map(m => Number(m[1]));
    this.nextSource = Math.max(0, ...numbers) + 1;
    for (const s of p.sources ?? []) {
      const entry = this.addEntry('sources', false, s);
      for (const name of ['publisher', 'date', 'url', 'archive_url', 'sha256', 'language', 'quote', 'quote_type']) put(entry.querySelector(`[name=${name}]`), s[name]);
    }
    if (!this.rows.sources.children.length) this.addEntry('sources', false);
    const figures = [...(p.fatalities ?? []).map(c => ['fatalities', c]), ...(p.injuries ?? []).map(c => ['injuries', c])];
    for (const [kind, c] of figures) {
      const entry = this.addEntry('figures', false, c);
      put(entry.querySelector('[name=kind]'), kind);
      for (const name of ['group', 'side', 'count', 'low', 'high', 'claimed_by', 'source']) put(entry.querySelector(`[name=${name}]`), c[name]);
    }
    for (const c of p.claims ?? []) {
      const entry = this.addEntry('statements', false, c);
      for (const name of ['about', 'value', 'claimed_by', 'source']) put(entry.querySelector(`[name=${name}]`), c[name]);
    }
    this.updateSourceChoices();
    this.relabel();
  }

  /** The end date is asked for only for a range; a month is typed as YYYY-MM. */
  showDatePrecision() {
    const precision = this.form.querySelector('[name=date_precision]').value;
    this.form.querySelector('.date-end').hidden = precision !== 'range';
    this.form.querySelector('[name=date]').placeholder = precision === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD';
    this.form.querySelector('#form-date-hint').textContent = t(`mapEdit.dateHint.${precision}`);
  }

  /**
   * The record's dates as the API takes them (ISO days), from the date fields and the precision:
   * a month is sent as its first and last day. What is not a date is sent as typed, for the
   * server to refuse beside the field.
   */
  dates() {
    const precision = text(this.form.querySelector('[name=date_precision]'));
    const date = text(this.form.querySelector('[name=date]'));
    if (precision === 'month') {
      const m = /^(\d{4})-(\d{2})(-\d{2})?$/.exec(date ?? '');
      if (!m) return { date, date_end: undefined, date_precision: precision };
      const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
      return { date: `${m[1]}-${m[2]}-01`, date_end: `${m[1]}-${m[2]}-${String(last).padStart(2, '0')}`, date_precision: precision };
    }
    const end = precision === 'range' ? text(this.form.querySelector('[name=date_end]')) : undefined;
    return { date, date_end: end, date_precision: precision };
  }

  setPlace(place, point) {
    this.place = place;
    this.point = point;
    this.relabel();
  }

  /** Texts built here rather than from the dictionary's data-i18n marks. */
  relabel() {
    this.showDatePrecision();
    if (this.place) {
      this.form.querySelector('#form-place').textContent = t('edit.placeSummary', {
        name: this.place.name, district: districtText(this.place),
        lat: formatCoordinate(this.point[1]), lon: formatCoordinate(this.point[0]),
      });
    }
    this.rows.sources.querySelectorAll('.entry').forEach(entry => this.labelRemove(entry, 'sources'));
    this.rows.figures.querySelectorAll('.entry').forEach(entry => this.labelRemove(entry, 'figures'));
    this.rows.statements.querySelectorAll('.entry').forEach(entry => this.labelRemove(entry, 'statements'));
    this.updateSourceChoices();
  }

  /** A new entry of a list; stored is the entry as the record holds it, when it has one. */
  addEntry(name, focus, stored = null) {
    const entry = document.querySelector(LISTS[name].template).content.firstElementChild.cloneNode(true);
    translatePage(entry);
    entry.stored = stored;
    if (stored?.id) entry.dataset.sourceId = stored.id;
    if (name === 'sources') this.numberSource(entry);
    entry.querySelector('.remove-entry').addEventListener('click', () => {
      entry.remove();
      this.updateSourceChoices();
      this.relabel();
    });
    this.rows[name].append(entry);
    this.labelRemove(entry, name);
    this.updateSourceChoices();
    if (focus) entry.querySelector('input, select')?.focus();
    return entry;
  }

  /**
   * Sources keep the id they were given (S1, S2, ...) when others are removed: claims name them.
   * A new one takes the next number after every id present and every one given out before, so a
   * key is never given twice.
   */
  numberSource(entry) {
    if (!entry.dataset.sourceId) {
      const present = [...this.rows.sources.querySelectorAll('.entry')]
        .map(e => /^S(\d+)$/.exec(e.dataset.sourceId ?? '')).filter(Boolean).map(m => Number(m[1]));
      const n = Math.max(this.nextSource, ...present.map(k => k + 1));
      entry.dataset.sourceId = `S${n}`;
      this.nextSource = n + 1;
    }
    entry.querySelector('.entry-id').textContent = entry.dataset.sourceId;
  }

  labelRemove(entry, name) {
    const entries = [...this.rows[name].querySelectorAll('.entry')];
    const n = entries.indexOf(entry) + 1;
    const what = name === 'sources' ? entry.dataset.sourceId : String(n);
    entry.querySelector('.remove-entry').setAttribute('aria-label', t(`edit.remove.${name}`, { n: what }));
  }

  /** Every claim names one of the record's sources: the choices follow the sources list. */
  updateSourceChoices() {
    const sources = [...this.rows.sources.querySelectorAll('.entry')].map(entry => ({
      id: entry.dataset.sourceId, publisher: text(entry.querySelector('[name=publisher]')),
    }));
    for (const select of this.form.querySelectorAll('select.source-choice')) {
      const chosen = select.value;
      select.replaceChildren(...sources.map(s => new Option(s.publisher ? `${s.id} — ${s.publisher}` : s.id, s.id)));
      if (sources.some(s => s.id === chosen)) select.value = chosen;
    }
  }

  /**
   * The record as the API takes it (a GeoJSON Feature), with the author's note. Remembers which
   * input each field path of the record came from, so that errors find their way back.
   */
  feature() {
    // The record's own fields, by their path: sources have a date and a note too.
    const own = path => this.form.querySelector(`[data-field="${path}"]`);
    const fields = new Map();
    const field = (path, element) => {
      fields.set(path, element);
      return element;
    };
    for (const element of this.form.querySelectorAll('[data-field]')) fields.set(element.dataset.field, element);
    for (const path of ['geometry', 'properties.country', 'properties.place_name']) fields.set(path, this.form.querySelector('.chosen-place'));
    fields.set('properties.fatalities', this.form.querySelector('#form-figures'));
    fields.set('properties.injuries', this.form.querySelector('#form-figures'));

    const sources = [...this.rows.sources.querySelectorAll('.entry')].map((entry, i) => {
      const at = `properties.sources[${i}]`;
      field(at, entry);
      const value = name => text(field(`${at}.${name}`, entry.querySelector(`[name=${name}]`)));
      return defined({
        ...entry.stored,
        id: entry.dataset.sourceId, publisher: value('publisher'), date: value('date'), url: value('url'),
        archive_url: value('archive_url'), sha256: value('sha256'),
        language: value('language'), quote: value('quote'), quote_type: value('quote') ? value('quote_type') : undefined,
      });
    });
    const figures = { fatalities: [], injuries: [] };
    for (const entry of this.rows.figures.querySelectorAll('.entry')) {
      const kind = entry.querySelector('[name=kind]').value;
      const at = `properties.${kind}[${figures[kind].length}]`;
      field(at, entry);
      const input = name => field(`${at}.${name}`, entry.querySelector(`[name=${name}]`));
      figures[kind].push(defined({
        ...entry.stored,
        group: text(input('group')), side: text(input('side')), count: number(input('count')), low: number(input('low')),
        high: number(input('high')), claimed_by: text(input('claimed_by')), source: text(input('source')),
      }));
    }
    const claims = [...this.rows.statements.querySelectorAll('.entry')].map((entry, i) => {
      const at = `properties.claims[${i}]`;
      field(at, entry);
      const value = name => text(field(`${at}.${name}`, entry.querySelector(`[name=${name}]`)));
      return defined({ ...entry.stored, about: value('about'), value: value('value'), claimed_by: value('claimed_by'), source: value('source') });
    });
    this.fields = fields;

    const stored = this.stored?.properties ?? {};
    const properties = defined({
      ...stored,
      ...this.storedPlaceAndPrecision(stored),
      ...this.dates(),
      event_type: text(own('properties.event_type')), place_id: this.place?.id,
      location_precision: text(own('properties.location_precision')), uncertainty_m: number(own('properties.uncertainty_m')),
      notes: text(own('properties.notes')),
      sources, fatalities: figures.fatalities.length ? figures.fatalities : undefined,
      injuries: figures.injuries.length ? figures.injuries : undefined, claims: claims.length ? claims : undefined,
    });
    return defined({
      type: 'Feature', geometry: { type: 'Point', coordinates: this.point }, properties, note: text(own('note')),
    });
  }

  /**
   * What of the stored record's place still holds: the names of its place only while it is the
   * place chosen (the server takes them from the place otherwise). The date precision is the
   * form's own.
   */
  storedPlaceAndPrecision(stored) {
    const out = {};
    if (stored.place_id !== this.place?.id) Object.assign(out, { place_name: undefined, country: undefined, admin1: undefined, admin2: undefined });
    return out;
  }

  /**
   * Shows each of the server's field errors next to the input it names, or, for a field without
   * an input of its own, at the start of the part of the form it belongs to. Focuses the first.
   */
  showErrors(errors, description) {
    this.clearErrors();
    const general = [];
    let first = null;
    for (const { field, message } of errors) {
      const target = this.targetOf(field);
      if (!target) {
        general.push(`${field || t('edit.record')}: ${message}`);
        continue;
      }
      const note = el('p', { class: 'field-error', id: `field-error-${++errorIds}`, text: message });
      if (target.matches('input, select, textarea')) {
        target.setAttribute('aria-invalid', 'true');
        target.setAttribute('aria-describedby', note.id);
        const label = target.closest('label') ?? target;
        // In a row of fields the error goes under its own field.
        if (label.parentElement.matches('.pair, .triple')) {
          note.style.gridColumn = String([...label.parentElement.querySelectorAll(':scope > label')].indexOf(label) + 1);
        }
        label.after(note);
        first ??= target;
      } else {
        const legend = target.querySelector(':scope > legend');
        if (legend) legend.after(note);
        else target.prepend(note);
        first ??= target.querySelector('input, select, textarea, button');
      }
    }
    const box = this.form.querySelector('#form-errors');
    box.hidden = false;
    append(box, el('p', { text: t('edit.notStored', { count: errors.length || 1 }) }));
    if (!errors.length && description) general.push(description);
    if (general.length) append(box, el('ul', {}, general.map(g => el('li', { text: g }))));
    (first ?? box).focus?.();
    if (!first) box.scrollIntoView({ block: 'nearest' });
  }

  /**
   * A message for the whole form, such as a refusal that names no field; detail is the server's
   * own words, and offer a button ({label, named, action}) for the way out it suggests.
   */
  showMessage(message, detail = null, offer = null) {
    this.clearErrors();
    const box = this.form.querySelector('#form-errors');
    box.hidden = false;
    const button = offer && el('button', {
      type: 'button', class: 'secondary', text: offer.label, 'aria-label': offer.named, on: { click: offer.action },
    });
    append(box, el('p', { text: message }), detail ? el('p', { class: 'detail', text: detail }) : null,
      button ? el('div', { class: 'actions' }, button) : null);
    box.scrollIntoView({ block: 'nearest' });
    (button ?? box).focus?.();
  }

  /** The input a field path names, else the nearest part of the form that holds it. */
  targetOf(path) {
    for (let p = path; p; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')) {
      if (this.fields.has(p)) return this.fields.get(p);
      if (!/(\.[^.[\]]+|\[\d+\])$/.test(p)) break;
    }
    return null;
  }

  clearErrors() {
    this.form.querySelectorAll('.field-error').forEach(e => e.remove());
    this.form.querySelectorAll('[aria-invalid]').forEach(e => {
      e.removeAttribute('aria-invalid');
      e.removeAttribute('aria-describedby');
    });
    const box = this.form.querySelector('#form-errors');
    box.replaceChildren();
    box.hidden = true;
  }
}
