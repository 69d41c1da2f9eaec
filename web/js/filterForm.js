// The filter controls of the panel, read into and written from the page's filter value.
import { emptyFilters, LIST_FILTERS } from './filters.js';

export class FilterForm {
  constructor(form, onChange) {
    this.form = form;
    form.addEventListener('change', () => onChange(this.read()));
  }

  read() {
    const filters = emptyFilters();
    for (const name of LIST_FILTERS) {
      filters[name] = [...this.form.querySelectorAll(`input[name=${name}]:checked`)].map(i => i.value);
    }
    filters.actor = this.form.querySelector('select[name=actor]').value;
    filters.min_fatalities = Math.max(0, Number.parseInt(this.form.querySelector('input[name=min_fatalities]').value, 10) || 0);
    return filters;
  }

  write(filters) {
    for (const name of LIST_FILTERS) {
      this.form.querySelectorAll(`input[name=${name}]`).forEach(i => { i.checked = filters[name].includes(i.value); });
    }
    this.setActors(this.actors ?? [], filters.actor);
    this.form.querySelector('input[name=min_fatalities]').value = filters.min_fatalities;
  }

  /** The actor choices: the parties found in the loaded incidents, and the chosen one even if absent. */
  setActors(names, chosen) {
    this.actors = names;
    const select = this.form.querySelector('select[name=actor]');
    select.querySelectorAll('option:not([value=""])').forEach(o => o.remove());
    const all = new Set(names);
    if (chosen) all.add(chosen);
    [...all].sort().forEach(n => select.append(new Option(n, n)));
    select.value = chosen ?? '';
  }
}
