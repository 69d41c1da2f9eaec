// A record's history in a dialog over the page: every version with its number, author, time,
// status, reason or note and the fields it changed, as /history lists them; any version opens
// read-only, as /history/{n} returns it. The history of a published record is public; that of a
// record in the works needs a signed-in editor, so the token goes along when there is one.
import { ApiError, incidentHistory, incidentVersion } from './api.js';
import { el, replace } from './dom.js';
import { locale, t, tOr } from './i18n.js';
import { incidentPopup } from './popup.js';
import { statusLabel } from './reviewList.js';

/** A moment of the history in the reader's language, to the minute. */
function timeText(iso) {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export class HistoryView {
  /** root is the <dialog>; onUnauthorized() when the server no longer takes the token. */
  constructor(root, session, { onUnauthorized }) {
    this.root = root;
    this.session = session;
    this.onUnauthorized = onUnauthorized;
    this.$ = selector => root.querySelector(selector);
    this.$('#history-close').addEventListener('click', () => root.close());
    this.$('#history-back').addEventListener('click', () => this.showList());
    // The dialog gives the focus back to what opened it, wherever that was.
    root.addEventListener('close', () => this.opener?.isConnected && this.opener.focus());
  }

  /** Opens the history of record id; opener gets the focus back when the dialog closes. */
  async open(id, opener = null) {
    this.id = id;
    this.opener = opener;
    this.history = null;
    this.shown = null;
    this.$('#history-title').textContent = t('history.title', { id });
    this.$('#history-list').replaceChildren();
    this.$('#history-version').hidden = true;
    this.$('#history-list').hidden = false;
    this.$('#history-status').textContent = t('review.loading');
    if (!this.root.open) this.root.showModal();
    this.$('#history-title').focus();
    try {
      this.history = await incidentHistory(this.session.token, id);
      this.renderList();
    } catch (error) {
      this.fail(error);
    }
  }

  renderList() {
    const versions = [...this.history.versions].reverse();
    this.$('#history-status').textContent = t('history.count', { count: versions.length });
    replace(this.$('#history-list'), versions.map(v => el('li', { class: 'version', dataset: { version: v.version } },
      el('p', { class: 'version-head' },
        el('strong', { text: t('history.version', { version: v.version }) }), ' ',
        el('span', { class: `status status-${v.status}`, text: statusLabel(v.status) })),
      el('p', { class: 'hint', text: t('history.byAt', { author: v.author ?? '—', at: timeText(v.written_at) }) }),
      v.reason ? el('p', { class: 'version-reason', text: t('history.reason', { reason: v.reason }) }) : null,
      v.note && v.note !== v.reason ? el('p', { class: 'version-note', text: t('history.note', { note: v.note }) }) : null,
      el('p', { class: 'version-changed', text: t('history.changed', { fields: (v.changed ?? []).map(f => tOr(`field.${f}`, f)).join(', ') }) }),
      el('button', {
        type: 'button', class: 'secondary', dataset: { action: 'open-version' }, text: t('history.open'),
        'aria-label': t('history.open.named', { version: v.version, id: this.id }),
        on: { click: () => this.showVersion(v) },
      }))));
  }

  /** One version, read-only: the record as it was, drawn as the map's popup draws a record. */
  async showVersion(v) {
    this.$('#history-status').textContent = t('review.loading');
    try {
      const record = await incidentVersion(this.session.token, this.id, v.version);
      this.shown = { summary: v, record };
      this.renderVersion();
      this.$('#history-list').hidden = true;
      const box = this.$('#history-version');
      box.hidden = false;
      this.$('#history-version-title').focus();
    } catch (error) {
      this.fail(error);
    }
  }

  renderVersion() {
    const { summary: v, record } = this.shown;
    this.$('#history-status').textContent = '';
    this.$('#history-version-title').textContent = t('history.asOf', {
      version: v.version, id: this.id, at: timeText(v.written_at), status: statusLabel(v.status),
    });
    // The same escaped markup as the map's popups: text from a record never becomes markup.
    this.$('#history-record').innerHTML = incidentPopup({ ...record.properties, id: record.id ?? this.id });
  }

  /** Back to the versions, with the focus on the one just read. */
  showList() {
    const read = this.shown?.summary.version;
    this.shown = null;
    this.$('#history-version').hidden = true;
    this.$('#history-list').hidden = false;
    this.$('#history-status').textContent = t('history.count', { count: this.history?.versions.length ?? 0 });
    (this.$(`#history-list li[data-version="${read}"] button`) ?? this.$('#history-list button'))?.focus();
  }

  /** Texts again, in the current language. */
  relabel() {
    if (!this.root.open) return;
    this.$('#history-title').textContent = t('history.title', { id: this.id });
    if (this.history) this.renderList();
    if (this.shown) this.renderVersion();
  }

  fail(error) {
    if (error instanceof ApiError && error.status === 401) {
      this.root.close();
      this.onUnauthorized();
      return;
    }
    this.$('#history-status').textContent = error.message;
  }
}
