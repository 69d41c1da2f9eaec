// The timeline: incidents per day as bars, a range chosen with two sliders (keyboard-operable
// native inputs), and a play button that steps through the days, one at a time or adding each
// day to those before, at a chosen speed. Solid bars count incidents dated to the day; pale bars
// count those only known to fall within a longer range.
import { formatDay, t, translatePage } from './i18n.js';
import { escape } from './text.js';

const DAY = 86400000;

/** Seconds a day is shown while playing; the middle one unless chosen otherwise. */
export const SPEEDS = [2, 1, 0.5];
const MODES = ['single', 'cumulative'];

export function daysBetween(first, last) {
  const days = [];
  for (let d = Date.parse(first); d <= Date.parse(last); d += DAY) days.push(new Date(d).toISOString().slice(0, 10));
  return days;
}

/** The timeline's parts; the page gives an empty section, the same on the map and the embed. */
const MARKUP = `<button id="time-play" type="button" class="icon-button" aria-pressed="false">▶</button>
  <div class="track">
    <svg id="time-bars" class="bars" preserveAspectRatio="none" aria-hidden="true"></svg>
    <label class="visually-hidden" for="time-from" data-i18n="timeline.from"></label>
    <input id="time-from" type="range" step="1">
    <label class="visually-hidden" for="time-to" data-i18n="timeline.to"></label>
    <input id="time-to" type="range" step="1">
    <div id="time-ticks" class="ticks" aria-hidden="true"></div>
  </div>
  <div class="time-info">
    <output id="time-label" for="time-from time-to"></output>
    <span class="key"><span class="key-exact"></span><span data-i18n="timeline.dayExact"></span>
      <span class="key-approx"></span><span data-i18n="timeline.dayApprox"></span></span>
  </div>`;

export class Timeline {
  constructor(root, days, onChange) {
    this.root = root;
    root.innerHTML = MARKUP;
    translatePage(root);
    this.days = days;
    this.onChange = onChange;
    this.exact = days.map(() => 0);
    this.approx = days.map(() => 0);
    this.from = root.querySelector('#time-from');
    this.to = root.querySelector('#time-to');
    this.play = root.querySelector('#time-play');
    this.label = root.querySelector('#time-label');
    this.bars = root.querySelector('#time-bars');
    for (const input of [this.from, this.to]) {
      input.min = 0;
      input.max = days.length - 1;
      input.addEventListener('input', () => this.changed(input));
    }
    this.from.value = 0;
    this.to.value = days.length - 1;
    this.play.addEventListener('click', () => (this.timer ? this.pause() : this.start()));
    this.addPlayControls();
    this.renderTicks();
  }

  /** How to play (one day at a time, or cumulative) and how fast: two small selects beside ▶. */
  addPlayControls() {
    const box = document.createElement('div');
    box.className = 'play-controls';
    this.play.replaceWith(box);
    box.innerHTML = '<label class="visually-hidden" for="time-mode"></label><select id="time-mode"></select>'
      + '<label class="visually-hidden" for="time-speed"></label><select id="time-speed"></select>';
    box.prepend(this.play);
    this.mode = box.querySelector('#time-mode');
    this.speed = box.querySelector('#time-speed');
    this.mode.append(...MODES.map(m => new Option('', m)));
    this.speed.append(...SPEEDS.map(s => new Option('', String(s))));
    this.speed.value = '1';
    this.mode.addEventListener('change', () => {
      this.paused = null;
      if (this.timer) this.show(this.playing.day);
    });
    this.speed.addEventListener('change', () => {
      if (!this.timer) return;
      clearInterval(this.timer);
      this.timer = setInterval(() => this.step(), this.interval());
    });
    this.labelPlayControls();
  }

  labelPlayControls() {
    const [modeLabel, speedLabel] = this.mode.parentElement.querySelectorAll('label');
    modeLabel.textContent = t('timeline.mode');
    speedLabel.textContent = t('timeline.speed');
    for (const o of this.mode.options) o.textContent = t(`timeline.mode.${o.value}`);
    for (const o of this.speed.options) o.textContent = t('timeline.speed.value', { seconds: Number(o.value) });
  }

  /**
   * Other days, after the data changed (a record published outside the days known so far). A
   * chosen range stays as it was; all days stay all days.
   */
  setDays(days) {
    if (days.length === this.days.length && days.every((d, i) => d === this.days[i])) return;
    const range = this.isFull() ? null : this.range();
    this.days = days;
    this.exact = days.map(() => 0);
    this.approx = days.map(() => 0);
    for (const input of [this.from, this.to]) input.max = days.length - 1;
    this.renderTicks();
    this.setRange(range);
  }

  range() {
    return { from: this.days[this.from.value], to: this.days[this.to.value] };
  }

  isFull() {
    return Number(this.from.value) === 0 && Number(this.to.value) === this.days.length - 1;
  }

  setRange(range) {
    const from = this.days.indexOf(range?.from);
    const to = this.days.indexOf(range?.to);
    this.from.value = from >= 0 ? from : 0;
    this.to.value = to >= 0 ? to : this.days.length - 1;
    this.render();
  }

  changed(moved) {
    // The handles never cross: the one moved pushes the other.
    if (Number(this.from.value) > Number(this.to.value)) {
      (moved === this.from ? this.to : this.from).value = moved.value;
    }
    this.render();
    this.onChange(this.range());
  }

  /** Counts per day of the incidents that pass every filter except time. */
  setCounts(records) {
    this.exact = this.days.map(() => 0);
    this.approx = this.days.map(() => 0);
    const index = new Map(this.days.map((d, i) => [d, i]));
    for (const p of records) {
      const start = index.get(p.date);
      const end = index.get(p.date_end ?? p.date);
      if (start === undefined || end === undefined) continue;
      if (start === end && (p.date_precision ?? 'day') === 'day') this.exact[start]++;
      else for (let i = start; i <= end; i++) this.approx[i]++;
    }
    this.render();
  }

  /** Day labels under the bars: they change only with the language. */
  renderTicks() {
    // The day and the month apart, so that a phone can show the day numbers alone.
    this.root.querySelector('#time-ticks').innerHTML = this.days
      .map(day => `<span title="${escape(formatDay(day))}">${escape(formatDay(day, { day: 'numeric' }))}`
        + `<span class="tick-month"> ${escape(formatDay(day, { month: 'short' }))}</span></span>`).join('');
  }

  /** Everything again, in the current language. */
  relabel() {
    this.labelPlayControls();
    this.renderTicks();
    this.render();
  }

  render() {
    const n = this.days.length;
    const max = Math.max(1, ...this.days.map((d, i) => this.exact[i] + this.approx[i]));
    const from = Number(this.from.value);
    const to = Number(this.to.value);
    const width = 100 / n;
    const bars = this.days.map((day, i) => {
      const exactH = (this.exact[i] / max) * 100;
      const approxH = (this.approx[i] / max) * 100;
      const outside = i < from || i > to ? ' outside' : '';
      const title = t('timeline.bar', { day: formatDay(day), exact: this.exact[i], approx: this.approx[i] });
      return `<g class="day${outside}"><title>${escape(title)}</title>`
        + `<rect class="approx" x="${i * width + width * 0.1}%" y="${100 - exactH - approxH}%" width="${width * 0.8}%" height="${approxH}%"/>`
        + `<rect class="exact" x="${i * width + width * 0.1}%" y="${100 - exactH}%" width="${width * 0.8}%" height="${exactH}%"/></g>`;
    }).join('');
    this.bars.innerHTML = bars;
    const range = this.range();
    this.label.textContent = t('timeline.range', { from: formatDay(range.from), to: formatDay(range.to) });
    this.from.setAttribute('aria-valuetext', formatDay(range.from));
    this.to.setAttribute('aria-valuetext', formatDay(range.to));
    this.play.textContent = this.timer ? '❚❚' : '▶';
    this.play.setAttribute('aria-label', t(this.timer ? 'timeline.pause' : 'timeline.play'));
    this.play.setAttribute('aria-pressed', String(Boolean(this.timer)));
  }

  interval() {
    return Number(this.speed.value) * 1000;
  }

  /**
   * Plays the range chosen (or all days) from its first day to its last: one day at a time, or
   * cumulative, from the first day up to each day in turn. After the last day the range played
   * is shown whole again. After a pause it goes on from where it stopped, unless the range was
   * moved meanwhile.
   */
  start() {
    const resume = this.paused && this.paused.from === Number(this.from.value) && this.paused.to === Number(this.to.value);
    this.playing = resume ? { ...this.paused.playing, day: this.paused.playing.day + 1 }
      : { first: Number(this.from.value), last: Number(this.to.value), day: Number(this.from.value) };
    this.paused = null;
    if (this.playing.day > this.playing.last) this.playing.day = this.playing.first;
    this.timer = setInterval(() => this.step(), this.interval());
    this.show(this.playing.day);
  }

  step() {
    if (++this.playing.day > this.playing.last) {
      this.stop();
      return;
    }
    this.show(this.playing.day);
  }

  /** Shows one day of the playing: that day alone, or from the first day played up to it. */
  show(day) {
    this.from.value = this.mode.value === 'cumulative' ? this.playing.first : day;
    this.to.value = day;
    this.render();
    this.onChange(this.range());
  }

  pause() {
    clearInterval(this.timer);
    this.timer = null;
    this.paused = { playing: this.playing, from: Number(this.from.value), to: Number(this.to.value) };
    this.render();
  }

  /** At the end: the range that was played, whole again. */
  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.paused = null;
    this.from.value = this.playing.first;
    this.to.value = this.playing.last;
    this.render();
    this.onChange(this.range());
  }
}
