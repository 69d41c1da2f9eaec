// What can be done with an incident from its popup: everyone can read its history; an editor
// can propose a change to it (held for review while the published version stays on the map), a
// reviewer can change it at once or archive it, with a reason, on the version the popup shows.
import { ApiError, archiveIncident } from './api.js';
import { el } from './dom.js';
import { t } from './i18n.js';

/** Only the incidents collection holds records; the derived layers have no history of their own. */
const RECORDS = 'incidents';

export class RecordActions {
  /**
   * onHistory(id, opener); onEdit(id) to open the record in the edit panel; onArchived(id) once
   * the server archived it; onUnauthorized() on a 401.
   */
  constructor(session, { onHistory, onEdit, onArchived, onUnauthorized }) {
    this.session = session;
    this.onEdit = onEdit;
    this.onHistory = onHistory;
    this.onArchived = onArchived;
    this.onUnauthorized = onUnauthorized;
  }

  /** Adds the buttons to a popup's content, for a feature served with etag. */
  add(layerId, feature, etag, content) {
    if (layerId !== RECORDS) return;
    const id = feature.id;
    const message = el('p', { class: 'message', role: 'status', id: `popup-message-${id}` });
    const actions = el('div', { class: 'actions popup-actions' },
      el('button', {
        type: 'button', class: 'secondary', dataset: { action: 'history' }, text: t('review.history'),
        'aria-label': t('review.history.named', { id }), on: { click: e => this.onHistory(id, e.currentTarget) },
      }));
    if (this.session.can('editor') && this.onEdit) {
      // A reviewer's change is published at once; an editor's waits for review.
      const key = this.session.can('reviewer') ? 'mapEdit.editPublished' : 'mapEdit.propose';
      actions.append(el('button', {
        type: 'button', class: 'secondary', dataset: { action: 'edit' }, text: t(key),
        'aria-label': t(`${key}.named`, { id }), on: { click: () => this.onEdit(id) },
      }));
    }
    if (this.session.can('reviewer')) {
      actions.append(el('button', {
        type: 'button', class: 'secondary', dataset: { action: 'archive' }, text: t('popup.archive'),
        'aria-label': t('review.archive.named', { id }), on: { click: () => this.askReason(id, etag, actions, message) },
      }));
    }
    const box = content.querySelector('.popup') ?? content;
    box.append(actions, message);
  }

  /** Archiving needs a reason: asked for in the popup itself, and done only when confirmed. */
  askReason(id, etag, actions, message) {
    const box = actions.parentElement;
    if (box.querySelector('form.reason')) {
      box.querySelector('form.reason textarea').focus();
      return;
    }
    const textarea = el('textarea', { name: 'reason', rows: 2 });
    const form = el('form', { class: 'reason', novalidate: true },
      el('p', { class: 'explain', text: t('archive.explain', { id }) }),
      el('label', { class: 'stacked' }, el('span', { text: t('archive.reason') }), textarea),
      el('div', { class: 'actions' },
        el('button', { type: 'submit', text: t('archive.confirm') }),
        el('button', { type: 'button', class: 'secondary', text: t('edit.cancel'), on: { click: () => form.remove() } })));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      message.classList.remove('field-error');
      message.textContent = t('review.working');
      try {
        await archiveIncident(this.session.token, id, etag, textarea.value.trim());
        message.textContent = t('archive.done', { id });
        this.onArchived(id);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          this.onUnauthorized();
          return;
        }
        // The server's words: a missing reason, a change since the popup was read (412), a role too low.
        const reasonError = error instanceof ApiError && error.errors.find(x => x.field === 'reason');
        message.classList.add('field-error');
        message.textContent = reasonError ? reasonError.message : error.status === 412 ? t('archive.stale', { id }) : error.message;
        if (reasonError) {
          textarea.setAttribute('aria-invalid', 'true');
          textarea.setAttribute('aria-describedby', message.id);
          textarea.focus();
        }
        message.scrollIntoView({ block: 'nearest' });
      }
    });
    message.before(form);
    textarea.focus();
  }
}
