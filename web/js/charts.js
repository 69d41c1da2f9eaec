// The charts above the timeline: per day, the incidents by type, and the fatalities or injuries
// claimed in them, by side or by claimant, each claim's range drawn as a band from its lowest to
// its highest figure with the best figure as a line. The numbers are the server's
// (/collections/{id}/daily, over the same query as the event list), so they are exact however
// many incidents the layer holds; the page only draws them, with uPlot. Each chart has a table
// of the same numbers, which is also the keyboard's way to a day, and a CSV of them. Selecting
// a day, on a chart or in a table, lists the incidents that began on it, each opening on the map.
import { getJson } from './api.js';
import { formatDay, t } from './i18n.js';
import { SIDE_COLOURS } from './symbols.js';
import { escape, eventLabel, formatNumber, sideLabel } from './text.js';
import { fatalitiesText } from './eventList.js';

const UPLOT = '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
/** Colours of the event types' bars, apart from the sides' purple and orange. */
const TYPE_COLOURS = { armed_clash: '#31688e', shelling: '#7f5a2b', drone_strike: '#2a9d63', disrupted_weapons_use: '#b39a00' };
const CLAIMANT_COLOURS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#a6761d', '#666666', '#e6ab02'];
const LIST_LIMIT = 50;

/** How many answers the page keeps, for the filters a reader switches between. */
const KEPT = 16;

let uPlotLoading = null;

function keyOf(layerId, params) {
  return `${layerId}?${params}`;
}

function loadUPlot() {
  uPlotLoading ??= import(UPLOT).then(m => m.default);
  return uPlotLoading;
}

const DAY_SECONDS = 86400;

/** Seconds since 1970 of a day's start, where uPlot puts the day's bar and its tick. */
function dayTime(day) {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

/** A claim's figures in words: "2–4 (best 3)", or one number when they agree. */
function rangeText(low, best, high) {
  if (low == null) return t('charts.noClaim');
  if (low === high) return formatNumber(best);
  return t('charts.range', { low, best, high });
}

/** On how many days a series has a figure. */
function claimedDays(g) {
  return g.best.filter(v => v != null).length;
}

/**
 * Draws, on the plot's canvas, each series' whisker per day from its low to its high figure with
 * a dot at its best (series k of the data's triples high, best, low), the series of a day spread
 * across a third of the day's width.
 */
function whiskers(u, legend) {
  const ctx = u.ctx;
  const count = legend.length;
  const dayWidth = u.valToPos(DAY_SECONDS, 'x', true) - u.valToPos(0, 'x', true);
  const step = count > 1 ? Math.min(10 * devicePixelRatio, dayWidth / 3 / (count - 1)) : 0;
  ctx.save();
  ctx.lineWidth = 2 * devicePixelRatio;
  legend.forEach((entry, k) => {
    const [high, best, low] = [u.data[1 + 3 * k], u.data[2 + 3 * k], u.data[3 + 3 * k]];
    ctx.strokeStyle = entry.colour;
    ctx.fillStyle = entry.colour;
    for (let i = 0; i < u.data[0].length; i++) {
      if (best[i] == null) continue;
      const x = u.valToPos(u.data[0][i], 'x', true) + (k - (count - 1) / 2) * step;
      const top = u.valToPos(high[i], 'y', true);
      const bottom = u.valToPos(low[i], 'y', true);
      const cap = 3 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.moveTo(x - cap, top);
      ctx.lineTo(x + cap, top);
      ctx.moveTo(x - cap, bottom);
      ctx.lineTo(x + cap, bottom);
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(x, u.valToPos(best[i], 'y', true), 3.5 * devicePixelRatio, 0, 2 * Math.PI);
      ctx.fill();
    }
  });
  ctx.restore();
}

export class Charts {
  /**
   * root: the empty section the charts are built in; toggle: where the button that shows them goes.
   * query() gives {layerId, params} of what the event list shows; onSelect(layerId, id) opens an
   * incident on the map; onLayout() after the map's room changed.
   */
  constructor(root, toggleParent, { query, onSelect, onLayout }) {
    this.root = root;
    this.toggle = document.createElement('button');
    Object.assign(this.toggle, { type: 'button', id: 'charts-toggle', className: 'charts-toggle' });
    this.toggle.setAttribute('aria-controls', root.id);
    this.toggle.setAttribute('aria-expanded', 'false');
    toggleParent.append(this.toggle);
    this.query = query;
    this.onSelect = onSelect;
    this.onLayout = onLayout;
    this.measure = 'fatalities';
    this.grouping = 'bySide';
    this.data = null;
    this.day = null;
    this.generation = 0;
    this.plots = {};
    this.kept = new Map();
    this.uPlot = null;
    // When the last update was asked for and when its charts were drawn: for the benchmark.
    this.timing = null;
    this.build();
    this.toggle.addEventListener('click', () => this.setOpen(this.root.hidden));
    this.resizer = new ResizeObserver(() => this.resize());
    this.resizer.observe(this.root);
  }

  build() {
    this.root.innerHTML = `<div class="charts-head">
        <h2 id="charts-title" tabindex="-1"></h2>
        <p id="charts-scope" class="charts-scope" role="status" aria-live="polite"></p>
        <a id="charts-summary" class="charts-csv" target="_blank" rel="noopener"></a>
        <a id="charts-csv" class="charts-csv" download></a>
        <button type="button" id="charts-close" class="icon-button charts-close">×</button>
      </div>
      <div class="charts-grid">
        <figure class="chart" aria-labelledby="chart-incidents-title">
          <figcaption><h3 id="chart-incidents-title"></h3></figcaption>
          <div class="chart-legend" id="chart-incidents-legend"></div>
          <div class="plot" id="chart-incidents" aria-hidden="true"></div>
          <details class="chart-table"><summary></summary><div class="table-scroll" id="chart-incidents-table"></div></details>
        </figure>
        <figure class="chart" aria-labelledby="chart-claims-title">
          <figcaption><h3 id="chart-claims-title"></h3>
            <span class="chart-choices">
              <label><span class="visually-hidden" id="chart-measure-label"></span><select id="chart-measure" aria-labelledby="chart-measure-label">
                <option value="fatalities"></option><option value="injuries"></option></select></label>
              <label><span class="visually-hidden" id="chart-grouping-label"></span><select id="chart-grouping" aria-labelledby="chart-grouping-label">
                <option value="bySide"></option><option value="byClaimant"></option></select></label>
            </span></figcaption>
          <div class="chart-legend" id="chart-claims-legend"></div>
          <div class="plot" id="chart-claims" aria-hidden="true"></div>
          <p class="chart-note" id="chart-claims-note"></p>
          <details class="chart-table"><summary></summary><div class="table-scroll" id="chart-claims-table"></div></details>
        </figure>
      </div>
      <section class="charts-day" id="charts-day" aria-labelledby="charts-day-title" hidden>
        <h3 id="charts-day-title" tabindex="-1"></h3>
        <ul id="charts-day-list"></ul>
      </section>`;
    const $ = s => this.root.querySelector(s);
    this.title = $('#charts-title');
    this.scope = $('#charts-scope');
    this.csv = $('#charts-csv');
    this.summary = $('#charts-summary');
    this.measureSelect = $('#chart-measure');
    this.groupingSelect = $('#chart-grouping');
    this.dayBox = $('#charts-day');
    $('#charts-close').addEventListener('click', () => this.setOpen(false));
    this.measureSelect.addEventListener('change', () => {
      this.measure = this.measureSelect.value;
      this.draw();
    });
    this.groupingSelect.addEventListener('change', () => {
      this.grouping = this.groupingSelect.value;
      this.draw();
    });
    this.root.addEventListener('click', e => {
      const day = e.target.closest('[data-day]');
      if (day) this.selectDay(day.dataset.day, { focus: true });
      const incident = e.target.closest('[data-incident]');
      if (incident) this.onSelect(this.data.layerId, incident.dataset.incident);
    });
    this.root.addEventListener('keydown', e => {
      if (e.key === 'Escape') {
        this.setOpen(false);
        this.toggle.focus();
      }
    });
    this.relabel();
  }

  relabel() {
    const $ = s => this.root.querySelector(s);
    this.title.textContent = t('charts.title');
    this.root.setAttribute('aria-label', t('charts.title'));
    this.toggle.textContent = t('charts.toggle');
    $('#charts-close').setAttribute('aria-label', t('charts.close'));
    $('#charts-close').title = t('charts.close');
    this.csv.textContent = t('charts.csv');
    this.summary.textContent = t('charts.summary');
    $('#chart-incidents-title').textContent = t('charts.incidents');
    $('#chart-measure-label').textContent = t('charts.measure');
    $('#chart-grouping-label').textContent = t('charts.grouping');
    for (const o of this.measureSelect.options) o.textContent = t(`charts.measure.${o.value}`);
    for (const o of this.groupingSelect.options) o.textContent = t(`charts.grouping.${o.value}`);
    for (const s of this.root.querySelectorAll('.chart-table summary')) s.textContent = t('charts.table');
    if (this.data) this.draw();
  }

  isOpen() {
    return !this.root.hidden;
  }

  setOpen(open) {
    this.root.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.onLayout();
    if (open) {
      this.update();
      this.title.focus();
    }
  }

  /**
   * The days, filters or extent changed: the numbers are drawn again. Those of a query asked for
   * a moment ago are kept and drawn at once, before the map filters its markers; others are asked
   * for at once, so that the server sums them while the page filters the map. While a read is on
   * its way, changes only mark that another is due, made when it is back: dragging the timeline
   * sends one read at a time, the last with the last state.
   */
  update() {
    if (!this.isOpen()) return;
    const asked = performance.now();
    const { layerId, params } = this.query();
    if (!layerId || !params) return;
    const known = this.kept.get(keyOf(layerId, params));
    if (known && this.uPlot) {
      this.generation++;
      this.show(layerId, params, known, { asked, sent: asked, received: asked });
      return;
    }
    if (this.loading) {
      this.due = true;
      return;
    }
    this.loading = this.load(layerId, params, asked).finally(() => {
      this.loading = null;
      if (this.due) {
        this.due = false;
        this.update();
      }
    });
  }

  /** After the layers changed: no kept answer is drawn again. */
  forget() {
    this.kept.clear();
  }

  async load(layerId, params, asked) {
    const generation = ++this.generation;
    const query = params.toString();
    const url = `/api/collections/${encodeURIComponent(layerId)}/daily${query ? `?${query}` : ''}`;
    const sent = performance.now();
    let figures;
    try {
      [figures, this.uPlot] = await Promise.all([getJson(url), loadUPlot()]);
    } catch (e) {
      if (generation === this.generation) this.scope.textContent = t('charts.failed', { error: e.message });
      return;
    }
    this.keep(keyOf(layerId, params), figures);
    if (generation !== this.generation) return;
    this.show(layerId, params, figures, { asked, sent, received: performance.now() });
  }

  keep(key, figures) {
    this.kept.delete(key);
    this.kept.set(key, figures);
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value);
  }

  /** Draws figures, the answer for params, and notes when: for tests and the benchmark. */
  show(layerId, params, figures, times) {
    this.data = { layerId, params, figures };
    this.csv.href = `/api/collections/${encodeURIComponent(layerId)}/daily?${new URLSearchParams([...params, ['f', 'csv']])}`;
    // The summary is of the incidents; the border clashes are those of type armed clash.
    this.summary.hidden = layerId !== 'incidents';
    this.summary.href = `/api/collections/incidents/summary?${new URLSearchParams([...params, ['f', 'html']])}`;
    if (this.day && !figures.days.includes(this.day)) this.closeDay();
    this.draw();
    this.timing = { ...times, drawn: performance.now(), query: params.toString() };
    this.root.dispatchEvent(new CustomEvent('charts-drawn', { detail: this.timing }));
    if (this.day) this.selectDay(this.day);
  }

  draw() {
    const uPlot = this.uPlot;
    const { figures } = this.data;
    const days = figures.days;
    this.scopeText = days.length
      ? t('charts.scope', { count: figures.numberMatched, from: formatDay(days[0]), to: formatDay(days[days.length - 1]) })
      : t('charts.none');
    this.scope.textContent = this.scopeText;
    const x = days.map(dayTime);
    this.drawIncidents(uPlot, x, figures);
    this.drawClaims(uPlot, x, figures);
  }

  /** Incidents per day, stacked by type: each type's bar stands on those of the types before it. */
  drawIncidents(uPlot, x, figures) {
    const types = Object.keys(figures.incidents);
    const stacked = [];
    let below = x.map(() => 0);
    for (const type of types) {
      below = below.map((v, i) => v + figures.incidents[type][i]);
      // A type without incidents on a day draws no bar there, not a flat one.
      stacked.push(below.map((v, i) => (figures.incidents[type][i] ? v : null)));
    }
    // Drawn from the tallest down, each bar over the one of all types up to it.
    const order = types.map((_, i) => i).reverse();
    const series = order.map(i => ({
      label: eventLabel(types[i]), stroke: TYPE_COLOURS[types[i]] ?? '#555', fill: TYPE_COLOURS[types[i]] ?? '#555',
      paths: uPlot.paths.bars({ size: [0.8, 40] }), points: { show: false },
    }));
    this.legend('#chart-incidents-legend', types.map(type => ({ label: eventLabel(type), colour: TYPE_COLOURS[type] ?? '#555', bar: true })));
    this.plot(uPlot, 'incidents', '#chart-incidents', [x, ...order.map(i => stacked[i])], series, t('charts.incidentsAxis'));
    this.table('#chart-incidents-table', figures.days, [
      ...types.map(type => ({ label: eventLabel(type), values: figures.incidents[type].map(v => formatNumber(v)) })),
      { label: t('charts.total'), values: figures.days.map((_, i) => formatNumber(types.reduce((s, type) => s + figures.incidents[type][i], 0))) },
    ]);
  }

  /**
   * The claimed figures of the chosen measure and grouping: per series and day a whisker from the
   * lowest to the highest figure and a dot at the best, the series of a day side by side. Days are
   * not joined by lines: a figure is claimed about a day's incidents, nothing lies between days.
   */
  drawClaims(uPlot, x, figures) {
    const measure = figures[this.measure];
    const all = measure[this.grouping];
    // More claimants than colours make a chart nobody can read: those with the most claimed days
    // are drawn, every one is in the table and the CSV.
    const groups = this.grouping === 'byClaimant' && all.length > CLAIMANT_COLOURS.length
      ? [...all].sort((a, b) => claimedDays(b) - claimedDays(a)).slice(0, CLAIMANT_COLOURS.length) : all;
    this.root.querySelector('#chart-claims-title').textContent = t(`charts.claims.${this.measure}`);
    const data = [x];
    const series = [];
    const legend = [];
    const none = () => null;
    groups.forEach((g, k) => {
      const colour = this.grouping === 'bySide' ? SIDE_COLOURS[g.side] ?? SIDE_COLOURS.unknown : CLAIMANT_COLOURS[k % CLAIMANT_COLOURS.length];
      const label = this.seriesLabel(g);
      data.push(g.high, g.best, g.low);
      // High and low are drawn by the whiskers below; as series they set the scale.
      series.push({ label: `${label} (${t('charts.high')})`, stroke: colour, paths: none, points: { show: false } },
        { label, stroke: colour, paths: none, points: { show: false } },
        { label: `${label} (${t('charts.low')})`, stroke: colour, paths: none, points: { show: false } });
      legend.push({ label, colour });
    });
    this.legend('#chart-claims-legend', legend);
    this.root.querySelector('#chart-claims-note').textContent = !all.length ? t('charts.noClaims')
      : groups.length < all.length ? `${t('charts.claimsNote')} ${t('charts.someClaimants', { shown: groups.length, count: all.length })}`
        : t('charts.claimsNote');
    this.plot(uPlot, 'claims', '#chart-claims', data, series, t(`charts.claimsAxis.${this.measure}`), u => whiskers(u, legend));
    this.table('#chart-claims-table', figures.days, all.map(g => ({
      label: this.seriesLabel(g),
      values: figures.days.map((_, i) => rangeText(g.low[i], g.best[i], g.high[i])),
    })));
  }

  seriesLabel(g) {
    return g.claimant ? t('charts.claimantAbout', { claimant: g.claimant, side: sideLabel(g.side) }) : sideLabel(g.side);
  }

  legend(selector, entries) {
    this.root.querySelector(selector).innerHTML = entries.map(e => `<span class="chart-key"><span class="swatch${e.bar ? ' bar' : ''}"`
      + ` style="background:${escape(e.colour)}"></span>${escape(e.label)}</span>`).join('');
  }

  plot(uPlot, name, selector, data, series, yLabel, draw = null) {
    const box = this.root.querySelector(selector);
    this.plots[name]?.destroy();
    const { width, height } = this.size(box);
    const opts = {
      width, height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      // Half a day either side, so that the first and the last day's bars are whole.
      scales: { x: { time: true, range: (u, min, max) => [min - DAY_SECONDS / 2, max + DAY_SECONDS / 2] },
        y: { range: (u, min, max) => [0, Math.max(1, max)] } },
      axes: [
        { values: (u, splits) => splits.map(s => formatDay(new Date(s * 1000).toISOString().slice(0, 10), { day: 'numeric', month: 'short' })), size: 30, font: '11px system-ui, sans-serif' },
        { label: yLabel, labelSize: 16, size: 36, font: '11px system-ui, sans-serif', labelFont: '11px system-ui, sans-serif',
          values: (u, splits) => splits.map(s => (Number.isInteger(s) ? formatNumber(s) : '')) },
      ],
      series: [{}, ...series],
      hooks: {
        draw: draw ? [draw] : [],
        setCursor: [u => this.hover(u)],
        ready: [u => u.over.addEventListener('click', () => {
          const i = u.cursor.idx;
          if (i != null) this.selectDay(this.data.figures.days[i], { focus: true });
        })],
      },
    };
    this.plots[name] = new uPlot(opts, data, box);
    box.title = t('charts.hint');
  }

  size(box) {
    const width = Math.max(200, Math.floor(box.clientWidth || box.parentElement.clientWidth || 300));
    return { width, height: window.matchMedia('(max-width: 700px)').matches ? 150 : 170 };
  }

  resize() {
    for (const [name, plot] of Object.entries(this.plots)) {
      const box = this.root.querySelector(name === 'incidents' ? '#chart-incidents' : '#chart-claims');
      const { width, height } = this.size(box);
      if (plot.width !== width || plot.height !== height) plot.setSize({ width, height });
    }
  }

  /** The day under the pointer, named with its numbers in the scope line's place while the pointer is there. */
  hover(u) {
    if (!this.data) return;
    const i = u.cursor.idx;
    if (i == null) {
      this.scope.textContent = this.scopeText;
      return;
    }
    const { figures } = this.data;
    const count = Object.values(figures.incidents).reduce((s, v) => s + v[i], 0);
    const claims = figures[this.measure][this.grouping].filter(g => g.low[i] != null)
      .map(g => `${this.seriesLabel(g)}: ${rangeText(g.low[i], g.best[i], g.high[i])}`);
    this.scope.textContent = [t('charts.dayCount', { day: formatDay(figures.days[i]), count }), ...claims].join(' · ');
  }

  table(selector, days, rows) {
    const head = `<tr><th scope="col">${escape(t('charts.day'))}</th>${rows.map(r => `<th scope="col">${escape(r.label)}</th>`).join('')}</tr>`;
    const body = days.map((day, i) => `<tr><th scope="row"><button type="button" class="link-button" data-day="${escape(day)}">`
      + `${escape(formatDay(day))}</button></th>${rows.map(r => `<td>${escape(r.values[i])}</td>`).join('')}</tr>`).join('');
    this.root.querySelector(selector).innerHTML = `<table><caption class="visually-hidden">${escape(t('charts.tableCaption'))}</caption>`
      + `<thead>${head}</thead><tbody>${body}</tbody></table>`;
  }

  /** Lists the incidents that began on day: the ones its bars count, each a button that opens it on the map. */
  async selectDay(day, { focus = false } = {}) {
    this.day = day;
    const { layerId, params } = this.data;
    const q = new URLSearchParams(params);
    q.set('filter', `date = DATE('${day}')`);
    q.set('limit', String(LIST_LIMIT));
    q.set('properties', 'date,event_type,place_name,fatalities_low,fatalities_high');
    q.set('sortby', 'id');
    const title = this.root.querySelector('#charts-day-title');
    const list = this.root.querySelector('#charts-day-list');
    this.dayBox.hidden = false;
    title.textContent = formatDay(day);
    const generation = this.generation;
    let page;
    try {
      page = await getJson(`/api/collections/${encodeURIComponent(layerId)}/items?${q}`);
    } catch (e) {
      list.innerHTML = `<li>${escape(t('charts.failed', { error: e.message }))}</li>`;
      return;
    }
    if (generation !== this.generation || this.day !== day) return;
    title.textContent = t('charts.dayTitle', { day: formatDay(day), count: page.numberMatched });
    list.innerHTML = page.features.map(f => `<li><button type="button" class="link-button" data-incident="${escape(f.id)}">`
      + `${escape(eventLabel(f.properties.event_type))} · ${escape(f.properties.place_name ?? '')} · ${escape(fatalitiesText(f.properties))}`
      + `</button></li>`).join('')
      + (page.numberMatched > page.features.length ? `<li class="hint">${escape(t('charts.more', { count: page.numberMatched - page.features.length }))}</li>` : '');
    if (focus) title.focus();
  }

  closeDay() {
    this.day = null;
    this.dayBox.hidden = true;
  }
}
