// The records not yet published, for editors and reviewers: each with its id, date, type,
// place, status and author, why it was rejected, its possible duplicates, and the steps the
// user's role allows. A step is taken on the version the list showed: if someone changed the
// record since, the server refuses it and the list is read again.
import { ApiError, archiveIncident, incidentRecord, mergeIncidents, moveRecord, recordsInProgress } from './api.js';
import { el, replace } from './dom.js';
import { formatDay, t, tOr } from './i18n.js';
import { eventLabel, sideLabel } from './text.js';

/** What the list shows at first: rejected records too, so that they can be put right. */
const LISTED = ['draft', 'in_review', 'rejected'];
/** The statuses the list can be filtered by: archived records are found to read their history. */
const FILTERABLE = ['draft', 'in_review', 'rejected', 'archived'];
/** Records whose duplicates are read at once; the server is asked for this many at a time. */
const PARALLEL_READS = 4;

export function statusLabel(status) {
  return tOr(`status.${status}`, status);
}

export class ReviewList {
  /**
   * onServedChanged() after a step that changed the public layers (publish, merge);
   * onEdit(id) to open a record in the form; onHistory(id, opener) to show its history;
   * onUnauthorized(error) when the token is refused.
   */
  constructor(root, session, { onServedChanged, onEdit, onHistory, onUnauthorized, onLoaded }) {
    this.root = root;
    this.onLoaded = onLoaded;
    this.shown = new Set(LISTED);
    this.session = session;
    this.onServedChanged = onServedChanged;
    this.onEdit = onEdit;
    this.onHistory = onHistory;
    this.onUnauthorized = onUnauthorized;
    this.records = [];
    this.duplicates = new Map();
    this.list = root.querySelector('#review-list');
    this.status = root.querySelector('#review-status');
    root.querySelector('#review-refresh').addEventListener('click', () => this.load());
    this.filters = this.statusFilters();
    this.list.before(this.filters);
  }

  /** A choice of the statuses listed, one checkbox each; a change reads the list again. */
  statusFilters() {
    const box = el('fieldset', { class: 'review-filters' }, el('legend', { class: 'review-filters-legend' }));
    for (const status of FILTERABLE) {
      const input = el('input', { type: 'checkbox', name: 'review-status', value: status, checked: this.shown.has(status) });
      input.addEventListener('change', () => {
        if (input.checked) this.shown.add(status);
        else this.shown.delete(status);
        this.load();
      });
      box.append(el('label', { class: 'inline' }, input, ' ', el('span', { class: 'review-filter-label', dataset: { status } })));
    }
    this.labelFilters(box);
    return box;
  }

  labelFilters(box = this.filters) {
    box.querySelector('legend').textContent = t('mapEdit.filter.legend');
    box.querySelectorAll('.review-filter-label').forEach(span => { span.textContent = statusLabel(span.dataset.status); });
  }

  async load() {
    if (!this.session.can('editor')) return;
    this.status.textContent = t('review.loading');
    try {
      const statuses = FILTERABLE.filter(status => this.shown.has(status));
      this.records = statuses.length ? await recordsInProgress(this.session.token, statuses) : [];
      this.duplicates = new Map();
      this.render();
    } catch (error) {
      this.fail(error, this.status);
      return;
    }
    this.onLoaded?.();
    await this.loadDuplicates();
  }

  /**
   * The list names no duplicates: each record is read for them (the server looks for them when
   * a record is read), and they are shown as they come in. A record that cannot be read shows none.
   */
  async loadDuplicates() {
    const queue = [...this.records];
    const worker = async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        try {
          const { body } = await incidentRecord(this.session.token, r.id);
          if (body.properties.version !== r.version) continue;
          const found = body.properties.possible_duplicates ?? [];
          this.duplicates.set(r.id, { found, total: body.properties.possible_duplicates_total ?? found.length });
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) {
            this.onUnauthorized(error);
            return;
          }
          continue;
        }
        const item = [...this.list.children].find(li => li.dataset.id === r.id);
        if (item) item.querySelector('.record-duplicates').replaceWith(this.duplicatesOf(r, item));
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
  }

  clear() {
    this.records = [];
    this.duplicates = new Map();
    this.list.replaceChildren();
    this.status.textContent = '';
  }

  render() {
    this.labelFilters();
    this.status.textContent = this.records.length ? t('review.count', { count: this.records.length }) : t('review.empty');
    replace(this.list, this.records.map(r => this.entry(r)));
  }

  entry(r) {
    const message = el('p', { class: 'message', role: 'status' });
    const actions = el('div', { class: 'actions' });
    const item = el('li', { class: 'record', dataset: { id: r.id, status: r.status } },
      el('p', { class: 'record-head' }, el('strong', { class: 'record-id', text: r.id }), ' ',
        el('span', { class: `status status-${r.status}`, text: statusLabel(r.status) })),
      el('p', { text: [formatDay(r.date), eventLabel(r.event_type), `${r.place_name ?? ''} (${sideLabel(r.country)})`].join(' · ') }),
      el('p', { class: 'hint', text: t('review.by', { author: r.author ?? '—', version: r.version }) }),
      r.published_version ? el('p', { class: 'published-change', text: t('mapEdit.changeToPublished', { version: r.published_version }) }) : null,
      r.status === 'rejected' || r.status === 'archived'
        ? el('p', { class: 'rejection', text: t(r.status === 'archived' ? 'mapEdit.archivedBecause' : 'review.rejectedBecause', { reason: r.reason ?? '—' }) }) : null,
      r.note && r.note !== r.reason ? el('p', { class: 'hint record-note', text: r.note }) : null,
      el('div', { class: 'record-duplicates' }),
      actions, message);
    const button = (key, action, onClick, className) => el('button', {
      type: 'button', class: className, dataset: { action },
      'aria-label': t(`${key}.named`, { id: r.id }), text: t(key), on: { click: onClick },
    });
    const editor = this.session.can('editor');
    if ((r.status === 'draft' || r.status === 'rejected') && editor) {
      actions.append(button('review.edit', 'edit', () => this.onEdit(r.id)));
    }
    if (r.status === 'draft' && editor) {
      actions.append(button('review.submit', 'in_review', () => this.move(r, 'in_review', null, message)));
    }
    if (r.status === 'in_review' && this.session.can('reviewer')) {
      actions.append(button('review.publish', 'published', () => this.move(r, 'published', null, message)));
      actions.append(button('review.reject', 'rejected', () => this.askReason(item, message, {
        label: t('review.reason'), confirm: t('review.reject.confirm'),
        act: (reason, input) => this.move(r, 'rejected', reason, message, input),
      }), 'secondary'));
    }
    actions.append(button('review.history', 'history', e => this.onHistory(r.id, e.currentTarget), 'secondary'));
    // A change to a published incident leaves it published: archiving it is a reviewer's step.
    if ((r.status === 'draft' || r.status === 'rejected') && editor && (!r.published_version || this.session.can('reviewer'))) {
      actions.append(button('review.archive', 'archive', () => this.askReason(item, message, {
        label: t('archive.reason'), confirm: t('archive.confirm'), act: (reason, input) => this.archive(r, reason, message, input),
      }), 'secondary'));
    }
    item.querySelector('.record-duplicates').replaceWith(this.duplicatesOf(r, item));
    return item;
  }

  /** The possible duplicates the server names for a record, each with its reason and, for reviewers, a merge. */
  duplicatesOf(r, item) {
    const { found, total } = this.duplicates.get(r.id) ?? { found: [], total: 0 };
    const box = el('div', { class: 'record-duplicates' });
    if (!found.length) return box;
    const message = item.querySelector('.message');
    return replace(box, el('p', { class: 'duplicates-title', text: t('edit.result.duplicates', { count: total }) }),
      el('ul', { class: 'duplicates' }, found.map(d => el('li', { dataset: { duplicate: d.id } },
        el('strong', { text: d.id }), ' — ', d.reason,
        this.session.can('reviewer') ? el('button', {
          type: 'button', class: 'secondary merge', dataset: { action: 'merge', into: d.id },
          'aria-label': t('merge.named', { from: r.id, into: d.id }), text: t('merge.button', { into: d.id }),
          on: { click: () => this.askReason(item, message, {
            label: t('merge.reason'), confirm: t('merge.confirm', { from: r.id, into: d.id }),
            explain: t('merge.explain', { from: r.id, into: d.id }), act: (reason, input) => this.merge(r, d.id, reason, message, input),
          }) },
        }) : null))));
  }

  /**
   * A step that needs a reason (reject, archive, merge) asks for it in the entry itself, says
   * what will happen, and is taken only when confirmed.
   */
  askReason(item, message, { label, confirm, explain = null, act }) {
    item.querySelector('form.reason')?.remove();
    const textarea = el('textarea', { name: 'reason', rows: 2 });
    const form = el('form', { class: 'reason', novalidate: true },
      explain ? el('p', { class: 'explain', text: explain }) : null,
      el('label', { class: 'stacked' }, el('span', { text: label }), textarea),
      el('div', { class: 'actions' },
        el('button', { type: 'submit', text: confirm }),
        el('button', { type: 'button', class: 'secondary', text: t('edit.cancel'), on: { click: () => form.remove() } })));
    form.addEventListener('submit', e => {
      e.preventDefault();
      act(textarea.value.trim(), textarea);
    });
    message.before(form);
    textarea.focus();
  }

  /** Whether the record is still at the version listed; if not, the list is read again and says so. */
  async unchanged(r) {
    const current = await incidentRecord(this.session.token, r.id);
    if (current.body.properties.version === r.version) return current;
    await this.load();
    this.status.textContent = t('review.changed', { id: r.id });
    return null;
  }

  /** Moves a record, on the version this list showed. */
  async move(r, status, reason, message, reasonInput = null) {
    await this.step(r, message, reasonInput, async () => {
      const current = await this.unchanged(r);
      if (!current) return;
      await moveRecord(this.session.token, r.id, current.etag, status, reason);
      await this.done(t(`review.moved.${status}`, { id: r.id }), status === 'published');
    });
  }

  /** Archives a record (what is not published may be archived by its editors), on the version shown. */
  async archive(r, reason, message, reasonInput) {
    await this.step(r, message, reasonInput, async () => {
      const current = await this.unchanged(r);
      if (!current) return;
      await archiveIncident(this.session.token, r.id, current.etag, reason);
      await this.done(t('archive.done', { id: r.id }), false);
    });
  }

  /**
   * Merges record r into another: r, at the version listed, is archived as merged; the other
   * takes its sources and claims, on its version as the server has it now.
   */
  async merge(r, into, reason, message, reasonInput) {
    await this.step(r, message, reasonInput, async () => {
      if (!await this.unchanged(r)) return;
      const target = await incidentRecord(this.session.token, into);
      await mergeIncidents(this.session.token, into, target.etag, r.id, reason);
      await this.done(t('merge.done', { from: r.id, into }), target.body.properties.status === 'published');
    });
  }

  /** After a step: the list read again, and the step's outcome said where the list's state is said. */
  async done(text, servedChanged) {
    await this.load();
    this.status.textContent = text;
    if (servedChanged) this.onServedChanged();
  }

  /** Runs a step and shows what the server said when it refuses. */
  async step(r, message, reasonInput, run) {
    message.classList.remove('field-error');
    message.textContent = t('review.working');
    try {
      await run();
    } catch (error) {
      const reasonError = error instanceof ApiError && error.errors.find(e => e.field === 'reason');
      if (reasonError && reasonInput) {
        reasonInput.setAttribute('aria-invalid', 'true');
        message.textContent = reasonError.message;
        message.classList.add('field-error');
        reasonInput.focus();
        return;
      }
      if (error instanceof ApiError && error.status === 412) {
        await this.load();
        this.status.textContent = t('review.changed', { id: r.id });
        return;
      }
      this.fail(error, message);
    }
  }

  fail(error, where) {
    if (error instanceof ApiError && error.status === 401) {
      this.onUnauthorized(error);
      return;
    }
    where.classList.add('field-error');
    where.textContent = error.message;
  }
}
