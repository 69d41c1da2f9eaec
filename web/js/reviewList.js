// The records not yet published, for editors and reviewers: each with its id, date, type,
// place, status and author, and the moves the user's role allows. A move is made on the version
// the list showed: if someone changed the record since, the server refuses it and the list
// is read again.
import { ApiError, incidentRecord, moveRecord, recordsInProgress } from './api.js';
import { el, replace } from './dom.js';
import { formatDay, t, tOr } from './i18n.js';
import { eventLabel, sideLabel } from './text.js';

export function statusLabel(status) {
  return tOr(`status.${status}`, status);
}

export class ReviewList {
  /** onPublished(id) after a record was published; onUnauthorized(error) when the token is refused. */
  constructor(root, session, { onPublished, onUnauthorized }) {
    this.root = root;
    this.session = session;
    this.onPublished = onPublished;
    this.onUnauthorized = onUnauthorized;
    this.records = [];
    this.list = root.querySelector('#review-list');
    this.status = root.querySelector('#review-status');
    root.querySelector('#review-refresh').addEventListener('click', () => this.load());
  }

  async load() {
    if (!this.session.can('editor')) return;
    this.status.textContent = t('review.loading');
    try {
      this.records = await recordsInProgress(this.session.token);
      this.render();
    } catch (error) {
      this.fail(error, this.status);
    }
  }

  clear() {
    this.records = [];
    this.list.replaceChildren();
    this.status.textContent = '';
  }

  render() {
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
      r.note ? el('p', { class: 'hint record-note', text: r.note }) : null,
      actions, message);
    const button = (key, status, className) => el('button', {
      type: 'button', class: className, dataset: { action: status },
      'aria-label': t(`${key}.named`, { id: r.id }), text: t(key),
      on: { click: () => this.move(r, status, null, message) },
    });
    if (r.status === 'draft' && this.session.can('editor')) actions.append(button('review.submit', 'in_review'));
    if (r.status === 'in_review' && this.session.can('reviewer')) {
      actions.append(button('review.publish', 'published'));
      actions.append(el('button', {
        type: 'button', class: 'secondary', dataset: { action: 'rejected' }, 'aria-label': t('review.reject.named', { id: r.id }),
        text: t('review.reject'), on: { click: () => this.askReason(r, item, message) },
      }));
    }
    return item;
  }

  /** Rejecting needs a reason: asked for in the entry itself. */
  askReason(r, item, message) {
    if (item.querySelector('.reason')) return;
    const textarea = el('textarea', { name: 'reason', rows: 2 });
    const form = el('form', { class: 'reason', novalidate: true },
      el('label', { class: 'stacked' }, el('span', { text: t('review.reason') }), textarea),
      el('div', { class: 'actions' },
        el('button', { type: 'submit', text: t('review.reject.confirm') }),
        el('button', { type: 'button', class: 'secondary', text: t('edit.cancel'), on: { click: () => form.remove() } })));
    form.addEventListener('submit', e => {
      e.preventDefault();
      this.move(r, 'rejected', textarea.value.trim(), message, textarea);
    });
    message.before(form);
    textarea.focus();
  }

  /** Moves a record, on the version this list showed. */
  async move(r, status, reason, message, reasonInput = null) {
    message.classList.remove('field-error');
    message.textContent = t('review.working');
    try {
      const current = await incidentRecord(this.session.token, r.id);
      if (current.body.properties.version !== r.version) {
        message.textContent = t('review.changed', { id: r.id });
        await this.load();
        return;
      }
      await moveRecord(this.session.token, r.id, current.etag, status, reason);
      this.status.textContent = t(`review.moved.${status}`, { id: r.id });
      await this.load();
      this.status.textContent = t(`review.moved.${status}`, { id: r.id });
      if (status === 'published') this.onPublished(r.id);
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
