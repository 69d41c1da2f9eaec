// The timeline: incidents per day as bars, a range chosen with two sliders (keyboard-operable
// native inputs), and a play button that steps through the days. Solid bars count incidents
// dated to the day; pale bars count those only known to fall within a longer range.
import { formatDay, t } from './i18n.js';
import { escape } from './text.js';

const DAY = 86400000;

export function daysBetween(first, last) {
  const days = [];
  for (let d = Date.parse(first); d <= Date.parse(last); d += DAY) days.push(new Date(d).toISOString().slice(0, 10));
  return days;
}

export class Timeline {
  constructor(root, days, onChange) {
    this.root = root;
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
    this.play.addEventListener('click', () => (this.timer ? this.stop() : this.start()));
    this.renderTicks();
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
    this.root.querySelector('#time-ticks').innerHTML = this.days
      .map(day => `<span>${escape(formatDay(day, { day: 'numeric', month: 'short' }))}</span>`).join('');
  }

  /** Everything again, in the current language. */
  relabel() {
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

  /** Plays one day at a time from the start of the range (or of the data) to its end. */
  start() {
    const last = this.isFull() ? this.days.length - 1 : Number(this.to.value);
    let day = this.isFull() ? 0 : Number(this.from.value);
    const step = () => {
      this.from.value = day;
      this.to.value = day;
      this.render();
      this.onChange(this.range());
      if (++day > last) this.stop();
    };
    this.timer = setInterval(step, 900);
    step();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    this.render();
  }
}
