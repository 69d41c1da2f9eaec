// The event list beside the map: the incidents the days, the filters and (when asked) the map's
// extent select, read from the API a page at a time with the same query the map and the downloads
// use, so that the list, the map and the count never disagree. A listbox with one roving tab stop:
// arrow keys move, Enter opens the incident on the map. On a phone it is a tab of the drawer.
import { getJson } from './api.js';
import { locale, t, tOr } from './i18n.js';
import { incidentIcon } from './symbols.js';
import { escape, eventLabel, formatNumber, sideLabel } from './text.js';
import { showPeriodClaims } from './periodClaims.js';

/** The properties a row needs; the rest comes with the popup. */
const ROW_PROPERTIES = ['date', 'date_end', 'date_precision', 'event_type', 'country', 'location_precision',
  'uncertainty_m', 'fatalities_low', 'fatalities_high', 'place_name'];
/** The id breaks ties between incidents of the same day, so that pages never overlap or skip. */
const SORTS = { newest: '-date,id', oldest: 'date,id' };
const DEBOUNCE_MS = 250;

const rangeFormats = new Map();

/** A day or a span of days in the reader's language: "14 Jul 2020", "12–14 Jul 2020". */
export function daysText(start, end) {
  if (!start) return '';
  const key = locale();
  let format = rangeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(key, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    rangeFormats.set(key, format);
  }
  const day = d => Date.UTC(...d.split('-').map((v, i) => Number(v) - (i === 1 ? 1 : 0)));
  return end && end !== start ? format.formatRange(day(start), day(end)) : format.format(day(start));
}

/** The claimed fatalities: "0–1 killed (claimed)", or that no figure was claimed. */
export function fatalitiesText(p) {
  const low = p.fatalities_low ?? p.fatalities_high;
  const high = p.fatalities_high ?? p.fatalities_low;
  if (low == null) return t('eventList.noFigure');
  const range = low === high ? formatNumber(low) : `${formatNumber(low)}–${formatNumber(high)}`;
  return t('eventList.killed', { range });
}

export class EventList {
  /**
   * root: the empty element the list is built in; panel: the drawer it joins as a tab on a phone;
   * narrow: the phone-width media query. query() tells which layer to list and with what
   * parameters: {layerId, shown, params (URLSearchParams, without paging and sorting)}.
   * onSelect(layerId, id) opens an incident on the map; onLayout() after the map's room changed;
   * openDrawer() shows the drawer on a phone.
   */
  constructor(root, { panel, narrow, query, onSelect, onLayout, openDrawer }) {
    this.root = root;
    this.panel = panel;
    this.narrow = narrow;
    this.query = query;
    this.onSelect = onSelect;
    this.onLayout = onLayout;
    this.openDrawer = openDrawer;
    this.pageSize = 50;
    this.sort = 'newest';
    this.inView = false;
    this.rows = [];
    // The features of the rows, to draw them again in another language without reading them again.
    this.loaded = new Map();
    this.matched = 0;
    this.layerId = null;
    this.selected = null;
    this.generation = 0;
    this.build();
    this.placeForWidth();
    narrow.addEventListener('change', () => this.placeForWidth());
    document.querySelector('.skip-link')?.addEventListener('click', e => {
      e.preventDefault();
      this.focus();
    });
  }

  build() {
    this.root.innerHTML = `<div class="events-head">
        <h2 id="events-title" tabindex="-1"></h2>
        <button type="button" id="events-collapse" class="events-collapse" aria-expanded="true" aria-controls="events-body"></button>
      </div>
      <div id="events-body" class="events-body">
        <p id="events-count" class="events-count" role="status" aria-live="polite"></p>
        <div class="events-controls">
          <label class="events-sort"><span></span> <select id="events-sort">
            <option value="newest"></option><option value="oldest"></option></select></label>
          <label class="events-in-view"><input type="checkbox" id="events-in-view"> <span></span></label>
        </div>
        <div id="events-period-claims" class="events-period-claims" hidden></div>
        <ul id="events-list" class="events-list" role="listbox" aria-labelledby="events-title"></ul>
        <button type="button" id="events-more" class="events-more" hidden></button>
      </div>`;
    const $ = s => this.root.querySelector(s);
    this.title = $('#events-title');
    this.collapse = $('#events-collapse');
    this.count = $('#events-count');
    this.sortSelect = $('#events-sort');
    this.inViewBox = $('#events-in-view');
    this.list = $('#events-list');
    this.periodClaims = $('#events-period-claims');
    this.more = $('#events-more');
    this.collapse.addEventListener('click', () => this.setCollapsed(!this.root.classList.contains('collapsed')));
    this.sortSelect.addEventListener('change', () => {
      this.sort = this.sortSelect.value;
      this.reload();
    });
    this.inViewBox.addEventListener('change', () => {
      this.inView = this.inViewBox.checked;
      this.reload();
    });
    this.more.addEventListener('click', () => this.loadMore());
    this.list.addEventListener('click', e => {
      const row = e.target.closest('[role=option]');
      if (row) this.open(row);
    });
    this.list.addEventListener('keydown', e => this.key(e));
    // Scrolling to the end of what is loaded loads the next page, in the column and in the drawer.
    this.observer = new IntersectionObserver(entries => {
      if (entries.some(e => e.isIntersecting)) this.loadMore();
    });
    this.observer.observe(this.more);
    this.relabel();
  }

  /** The fixed texts, in the current language; the rows are drawn again by the next update. */
  relabel() {
    this.title.textContent = t('eventList.title');
    this.sortSelect.previousElementSibling.textContent = t('eventList.sort');
    this.sortSelect.options[0].textContent = t('eventList.newest');
    this.sortSelect.options[1].textContent = t('eventList.oldest');
    this.inViewBox.nextElementSibling.textContent = t('eventList.inView');
    this.more.textContent = t('eventList.more');
    const collapsed = this.root.classList.contains('collapsed');
    this.collapse.textContent = collapsed ? '‹' : '›';
    this.collapse.setAttribute('aria-label', t(collapsed ? 'eventList.expand' : 'eventList.collapse'));
    this.collapse.title = this.collapse.getAttribute('aria-label');
    this.tabs?.querySelectorAll('[role=tab]').forEach(tab => { tab.textContent = t(`eventList.tab.${tab.dataset.tab}`); });
    if (this.countText) this.count.textContent = this.countText();
    this.redrawRows();
    if (this.params && !this.periodClaims.hidden) showPeriodClaims(this.periodClaims, this.params);
  }

  /** The loaded rows again in the current language, in place: focus and tab stop stay where they were. */
  redrawRows() {
    for (const old of this.options()) {
      const f = this.loaded.get(old.dataset.id);
      if (!f) continue;
      const row = this.row(f);
      row.tabIndex = old.tabIndex;
      row.setAttribute('aria-selected', old.getAttribute('aria-selected'));
      const focused = document.activeElement === old;
      old.replaceWith(row);
      if (focused) row.focus({ preventScroll: true });
    }
  }

  /** The line above the rows; kept as a function so that a new language redraws it at once. */
  setCount(text) {
    this.countText = text;
    this.count.textContent = text();
  }

  setCollapsed(collapsed) {
    this.root.classList.toggle('collapsed', collapsed);
    this.collapse.setAttribute('aria-expanded', String(!collapsed));
    this.relabel();
    this.onLayout?.();
  }

  /** Folded while the edit panel is open beside it, and as it was once that closes. */
  foldWhileEditing(editing) {
    if (editing) {
      this.unfoldAfterEditing = !this.root.classList.contains('collapsed');
      if (this.unfoldAfterEditing) this.setCollapsed(true);
    } else if (this.unfoldAfterEditing) {
      this.unfoldAfterEditing = false;
      this.setCollapsed(false);
    }
  }

  /**
   * A column beside the map on a wide screen; on a phone a tab of the drawer, whose other content
   * is wrapped once into the tab "Layers".
   */
  placeForWidth() {
    if (this.narrow.matches) {
      if (!this.tabs) this.makeTabs();
      this.root.classList.remove('collapsed');
      this.collapse.hidden = true;
      this.panel.append(this.root);
      this.root.setAttribute('role', 'tabpanel');
      this.root.setAttribute('aria-labelledby', 'panel-tab-list');
    } else {
      this.collapse.hidden = false;
      document.getElementById('map').after(this.root);
      this.root.removeAttribute('role');
      this.root.setAttribute('aria-labelledby', 'events-title');
      this.showTab('layers');
    }
    this.onLayout?.();
  }

  makeTabs() {
    const layers = document.createElement('div');
    layers.id = 'panel-layers';
    layers.setAttribute('role', 'tabpanel');
    layers.setAttribute('aria-labelledby', 'panel-tab-layers');
    layers.append(...this.panel.childNodes);
    this.tabs = document.createElement('div');
    this.tabs.className = 'panel-tabs';
    this.tabs.setAttribute('role', 'tablist');
    this.tabs.innerHTML = '<button type="button" role="tab" id="panel-tab-layers" data-tab="layers" aria-controls="panel-layers"></button>'
      + '<button type="button" role="tab" id="panel-tab-list" data-tab="list" aria-controls="events"></button>';
    this.panel.append(this.tabs, layers);
    this.tabs.addEventListener('click', e => {
      const tab = e.target.closest('[role=tab]');
      if (tab) this.showTab(tab.dataset.tab);
    });
    this.tabs.addEventListener('keydown', e => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const next = this.panel.dataset.tab === 'list' ? 'layers' : 'list';
      this.showTab(next);
      this.tabs.querySelector(`[data-tab=${next}]`).focus();
    });
    this.relabel();
    this.showTab('layers');
  }

  showTab(name) {
    if (!this.tabs) return;
    this.panel.dataset.tab = name;
    for (const tab of this.tabs.querySelectorAll('[role=tab]')) {
      const on = tab.dataset.tab === name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
    }
  }

  /** Moves the keyboard to the list (the skip link): its current row, or the list itself. */
  focus() {
    if (this.narrow.matches) {
      this.openDrawer?.();
      this.showTab('list');
    } else if (this.root.classList.contains('collapsed')) {
      this.setCollapsed(false);
    }
    const row = this.list.querySelector('[role=option][tabindex="0"]');
    if (row) this.moveTo(row);
    else this.title.focus();
  }

  /** Reads the list again, after a pause: the days, filters, layers or records changed. */
  update() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reload(), DEBOUNCE_MS);
  }

  /** The map moved: only a list bound to the extent follows it. */
  viewChanged() {
    if (this.inView) this.update();
  }

  async reload() {
    clearTimeout(this.timer);
    const generation = ++this.generation;
    const { layerId, shown, params } = this.query(this.inView);
    this.layerId = layerId;
    this.rows = [];
    this.loaded = new Map();
    this.matched = 0;
    this.loading = null;
    this.list.replaceChildren();
    this.more.hidden = true;
    if (!shown) {
      this.periodClaims.hidden = true;
      this.root.dataset.state = 'none';
      this.setCount(() => t('eventList.noLayer'));
      return;
    }
    this.params = params;
    showPeriodClaims(this.periodClaims, params);
    this.root.dataset.state = 'loading';
    await this.fetchPage(generation);
  }

  loadMore() {
    if (this.more.hidden || this.loading) return;
    this.fetchPage(this.generation);
  }

  async fetchPage(generation) {
    const q = new URLSearchParams(this.params);
    q.set('limit', String(this.pageSize));
    q.set('offset', String(this.rows.length));
    q.set('sortby', SORTS[this.sort]);
    q.set('properties', ROW_PROPERTIES.join(','));
    const url = `/api/collections/${encodeURIComponent(this.layerId)}/items?${q}`;
    this.root.dataset.query = url;
    const request = this.loading = getJson(url);
    let page;
    try {
      page = await request;
    } catch (error) {
      if (generation !== this.generation) return;
      this.loading = null;
      this.root.dataset.state = 'error';
      this.setCount(() => t('eventList.failed', { message: error.message }));
      return;
    } finally {
      if (this.loading === request) this.loading = null;
    }
    // An answer to a query that has since changed is dropped.
    if (generation !== this.generation) return;
    const first = !this.rows.length;
    this.matched = page.numberMatched;
    const rows = page.features.map(f => this.row(f));
    this.rows.push(...page.features.map(f => f.id));
    page.features.forEach(f => this.loaded.set(f.id, f));
    this.list.append(...rows);
    if (first) this.resetTabStop();
    const matched = this.matched;
    this.setCount(() => t('eventList.count', { count: matched }));
    this.more.hidden = this.rows.length >= this.matched || !page.features.length;
    // Observed anew, the button reports at once whether it is still in sight: then the next page
    // follows, until the list fills its room or ends.
    if (!this.more.hidden) {
      this.observer.unobserve(this.more);
      this.observer.observe(this.more);
    }
    this.root.dataset.state = 'ready';
    this.markSelected();
  }

  /** One incident as an option: its days, type symbol, place, side and claimed fatalities. */
  row(f) {
    const p = f.properties;
    const days = daysText(p.date, p.date_end);
    const precision = p.date_precision && p.date_precision !== 'day'
      ? ` (${tOr(`eventList.precision.${p.date_precision}`, p.date_precision)})` : '';
    const type = eventLabel(p.event_type);
    const side = sideLabel(p.country);
    const fatalities = fatalitiesText(p);
    const li = document.createElement('li');
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    li.tabIndex = -1;
    li.dataset.id = f.id;
    li.className = 'event';
    li.setAttribute('aria-label', [days + precision, type, p.place_name ?? '', side, fatalities].filter(Boolean).join(', '));
    li.innerHTML = `<span class="event-symbol" title="${escape(type)}">${incidentIcon(p).options.html}</span>`
      + `<span class="event-text"><span class="event-date">${escape(days)}<small>${escape(precision)}</small></span>`
      + `<span class="event-place">${escape(p.place_name ?? '')}</span>`
      + `<span class="event-meta">${escape(type)} · ${escape(side)} · ${escape(fatalities)}</span></span>`;
    return li;
  }

  options() {
    return [...this.list.querySelectorAll('[role=option]')];
  }

  /** One row takes Tab: the selected one if loaded, else the first. */
  resetTabStop() {
    const options = this.options();
    const stop = options.find(o => o.dataset.id === this.selected) ?? options[0];
    options.forEach(o => { o.tabIndex = o === stop ? 0 : -1; });
  }

  moveTo(row) {
    if (!row) return;
    this.options().forEach(o => { o.tabIndex = o === row ? 0 : -1; });
    row.focus({ preventScroll: true });
    this.reveal(row);
  }

  /**
   * Scrolls the list (in the drawer, the drawer) just enough to show the row. Never
   * scrollIntoView: it also scrolls the page and the map's own container, which shifts the map.
   */
  reveal(row) {
    const scroller = this.narrow.matches ? this.panel : this.list;
    const view = scroller.getBoundingClientRect();
    const box = row.getBoundingClientRect();
    if (box.top < view.top) scroller.scrollTop -= view.top - box.top;
    else if (box.bottom > view.bottom) scroller.scrollTop += box.bottom - view.bottom;
  }

  key(e) {
    const row = e.target.closest('[role=option]');
    if (!row) return;
    const options = this.options();
    const at = options.indexOf(row);
    if (e.key === 'ArrowDown') {
      if (at === options.length - 1 && !this.more.hidden) {
        // The next page comes first; then the move continues into it.
        this.loadMore();
        this.loading?.then(() => this.moveTo(this.options()[at + 1])).catch(() => {});
      } else {
        this.moveTo(options[at + 1]);
      }
    } else if (e.key === 'ArrowUp') {
      this.moveTo(options[at - 1]);
    } else if (e.key === 'Home') {
      this.moveTo(options[0]);
    } else if (e.key === 'End') {
      this.moveTo(options.at(-1));
    } else if (e.key === 'Enter' || e.key === ' ') {
      this.open(row);
    } else {
      return;
    }
    e.preventDefault();
  }

  open(row) {
    this.moveTo(row);
    this.onSelect?.(this.layerId, row.dataset.id);
  }

  /** The incident open on the map (null when none): its row is marked and scrolled to, if loaded. */
  highlight(layerId, id) {
    this.selected = layerId === this.layerId ? id : null;
    const row = this.markSelected();
    if (row) {
      if (!this.root.contains(document.activeElement)) this.options().forEach(o => { o.tabIndex = o === row ? 0 : -1; });
      this.reveal(row);
    }
  }

  markSelected() {
    let found = null;
    for (const o of this.options()) {
      const on = o.dataset.id === this.selected;
      o.setAttribute('aria-selected', String(on));
      if (on) found = o;
    }
    return found;
  }
}
