// Edit mode, for editors and above: the panel with "Add incident" (place, then the form, then
// the stored draft with its possible duplicates and a way to submit it for review), the same
// form for changing a stored record, and the list of records in progress. Hidden, with all it
// holds, from everyone else.
import { ApiError, createIncident, incidentRecord, moveRecord, replaceIncident } from './api.js';
import { el, replace } from './dom.js';
import { IncidentForm } from './incidentForm.js';
import { t } from './i18n.js';
import { PlacePicker } from './placePicker.js';
import { districtText } from './places.js';
import { ReviewList, statusLabel } from './reviewList.js';

export class EditPanel {
  /**
   * onOpenChange(open) when the panel opens or closes; onServedChanged() when a change reached
   * the public layers (a record published, archived or merged); onHistory(id, opener) to show a
   * record's history; onUnauthorized() when the server no longer takes the user's token.
   */
  constructor(root, { map, session, banner, toggle, onOpenChange, onServedChanged, onHistory, onUnauthorized, onRecordsChanged }) {
    this.root = root;
    this.onServedChanged = onServedChanged;
    this.session = session;
    this.toggleButton = toggle;
    this.onOpenChange = onOpenChange;
    this.onUnauthorized = onUnauthorized;
    this.$ = selector => root.querySelector(selector);
    this.picker = new PlacePicker(this.$('#place-step'), {
      map, banner, onConfirm: (place, point) => this.showForm(place, point), onCancel: () => this.endAdd(),
    });
    this.form = new IncidentForm(this.$('#incident-form'), {
      onSubmit: feature => this.submit(feature),
      onChangePlace: () => {
        this.$('#incident-form').hidden = true;
        this.picker.reopen();
      },
      onCancel: () => this.endAdd(),
    });
    this.review = new ReviewList(this.$('#review'), session, {
      onServedChanged, onHistory, onEdit: id => this.edit(id), onUnauthorized: () => onUnauthorized(), onLoaded: onRecordsChanged,
    });
    this.$('#add-start').addEventListener('click', () => this.startAdd());
    this.$('#add-result-again').addEventListener('click', () => this.startAdd());
    this.$('#add-result-review').addEventListener('click', () => this.submitForReview());
    this.$('#editor-close').addEventListener('click', () => this.setOpen(false));
    toggle.addEventListener('click', () => this.setOpen(root.hidden));
    session.onChange(() => this.sessionChanged());
  }

  get open() {
    return !this.root.hidden;
  }

  setOpen(open) {
    if (open && !this.session.can('editor')) return;
    this.root.hidden = !open;
    this.toggleButton.setAttribute('aria-expanded', String(open));
    if (!open) this.picker.stopPicking(false);
    this.onOpenChange(open);
    if (open) {
      this.review.load();
      this.$('#editor-title').focus();
    } else {
      this.toggleButton.focus();
    }
  }

  /** Someone signed in or out: editing is there only for editors and above. */
  sessionChanged() {
    const editor = this.session.can('editor');
    this.toggleButton.hidden = !editor;
    if (!editor) {
      this.endAdd();
      this.review.clear();
      if (this.open) {
        this.root.hidden = true;
        this.toggleButton.setAttribute('aria-expanded', 'false');
        this.onOpenChange(false);
      }
    }
  }

  startAdd() {
    this.setEditing(null);
    this.formStarted = false;
    this.$('#add-start').hidden = true;
    this.$('#add-result').hidden = true;
    this.$('#incident-form').hidden = true;
    this.picker.start();
    this.$('#pick-on-map').focus();
  }

  endAdd() {
    this.setEditing(null);
    this.picker.stop();
    this.$('#incident-form').hidden = true;
    this.$('#add-result').hidden = true;
    this.$('#add-start').hidden = false;
    this.record = null;
  }

  showForm(place, point) {
    this.place = place;
    const form = this.$('#incident-form');
    // A place chosen again keeps what was already filled in.
    if (this.formStarted) this.form.setPlace(place, point);
    else this.form.reset(place, point);
    this.formStarted = true;
    form.hidden = false;
    form.querySelector('[name=date]').focus();
  }

  /**
   * Opens a stored record in the form, as the server has it now, with its ETag: the change is
   * sent on that version. A rejected record is changed as it is: the server makes it a draft again.
   */
  async edit(id) {
    if (!this.open) this.setOpen(true);
    const message = this.$('#review-status');
    try {
      const { body, etag } = await incidentRecord(this.session.token, id);
      this.picker.stop();
      this.$('#add-start').hidden = true;
      this.$('#add-result').hidden = true;
      this.setEditing({ id, etag, body });
      this.form.fill(body);
      this.place = this.form.place;
      this.formStarted = true;
      const form = this.$('#incident-form');
      form.hidden = false;
      this.$('#add-title').focus();
      this.$('#add-title').scrollIntoView({ block: 'start' });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.onUnauthorized();
      else message.textContent = error.message;
    }
  }

  /** The record being changed ({id, etag, body}), or null for a new one: titles and buttons follow. */
  setEditing(editing) {
    this.editing = editing;
    const proposing = editing?.body.properties.status === 'published' && !this.session.can('reviewer');
    this.$('#add-title').textContent = editing
      ? t(proposing ? 'mapEdit.proposeTitle' : 'edit.changeTitle', { id: editing.id }) : t('edit.newIncident');
    this.$('#form-submit').textContent = t(editing ? 'edit.saveChanges' : 'edit.save');
    const about = this.$('#form-record');
    about.hidden = !editing;
    if (!editing) {
      about.replaceChildren();
      return;
    }
    const p = editing.body.properties;
    replace(about,
      el('p', {}, t('edit.changing', { id: editing.id, version: p.version }), ' ',
        el('span', { class: `status status-${p.status}`, text: statusLabel(p.status) })),
      p.status === 'rejected' ? el('p', { class: 'rejection', text: t('edit.rejectedBecause', { reason: p.status_reason ?? '—' }) }) : null,
      p.status === 'rejected' ? el('p', { class: 'hint', text: t('edit.rejectedToDraft') }) : null,
      p.published_version ? el('p', { class: 'hint published-change', text: t('mapEdit.pendingChange', { version: p.published_version }) }) : null,
      p.status === 'published' ? el('p', { class: 'hint published-change', text: t(proposing ? 'mapEdit.proposeHint' : 'mapEdit.publishedHint') }) : null);
  }

  async submit(feature) {
    const button = this.$('#form-submit');
    button.disabled = true;
    const editing = this.editing;
    try {
      const { body, etag } = editing
        ? await replaceIncident(this.session.token, editing.id, editing.etag, feature)
        : await createIncident(this.session.token, feature);
      this.formStarted = false;
      this.setEditing(null);
      this.showResult(body, etag);
      if (body.properties.status === 'published') this.onServedChanged?.();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.onUnauthorized();
      } else if (error instanceof ApiError && error.status === 412 && editing) {
        // Someone else changed the record: nothing was stored, what was typed stays, and the
        // user decides whether to load their version (and lose these changes).
        this.form.showMessage(t('edit.stale', { id: editing.id }), error.message, {
          label: t('edit.loadCurrent'), named: t('edit.loadCurrent.named', { id: editing.id }), action: () => this.edit(editing.id),
        });
      } else if (error instanceof ApiError && error.code === 'InvalidRecord') {
        this.form.showErrors(error.errors, error.message);
      } else {
        this.form.showMessage(error.message);
      }
    } finally {
      button.disabled = false;
    }
  }

  /** The stored draft: its id, status and possible duplicates, and the next step. */
  showResult(record, etag) {
    this.record = { id: record.id, etag, body: record };
    this.picker.stop();
    this.$('#incident-form').hidden = true;
    this.renderResult();
    this.$('#add-result-message').textContent = '';
    const result = this.$('#add-result');
    result.hidden = false;
    result.focus();
    this.review.load();
  }

  renderResult() {
    const record = this.record.body;
    const p = record.properties;
    const row = (term, value, className) => [el('dt', { text: term }), el('dd', { class: className, text: value })];
    // The place as the gazetteer gave it when it was confirmed: the record is placed there by its
    // id, and the answer to a write is not relied on for names outside ASCII.
    replace(this.$('#add-result-details'),
      row(t('edit.result.id'), record.id, 'result-id'),
      row(t('edit.result.status'), statusLabel(p.status), 'result-status'),
      row(t('edit.result.place'), `${this.place.name} (${districtText(this.place)})`, 'result-place'));
    const duplicates = p.possible_duplicates ?? [];
    replace(this.$('#add-result-duplicates'),
      el('h5', { text: t('edit.result.duplicates', { count: p.possible_duplicates_total ?? duplicates.length }) }),
      duplicates.length
        ? el('ul', { class: 'duplicates' }, duplicates.map(d => el('li', {}, el('strong', { text: d.id }), ' — ', d.reason)))
        : el('p', { class: 'hint', text: t('edit.result.noDuplicates') }));
    this.$('#add-result-review').hidden = p.status !== 'draft';
    this.$('#add-result-title').textContent = t(p.version > 1 ? 'edit.savedVersion' : 'edit.saved', { version: p.version });
  }

  async submitForReview() {
    const message = this.$('#add-result-message');
    try {
      const { body, etag } = await moveRecord(this.session.token, this.record.id, this.record.etag, 'in_review', null);
      // The answer to a move carries no duplicates: those of the draft stay as they were shown.
      body.properties.possible_duplicates = this.record.body.properties.possible_duplicates;
      body.properties.possible_duplicates_total = this.record.body.properties.possible_duplicates_total;
      this.record = { id: body.id, etag, body };
      this.renderResult();
      message.textContent = t('review.moved.in_review', { id: body.id });
      this.$('#add-result-again').focus();
      this.review.load();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.onUnauthorized();
      else message.textContent = error.message;
    }
  }

  /** Texts made with parameters, after the language changed. */
  relabel() {
    if (this.editing) this.setEditing(this.editing);
    else this.$('#form-submit').textContent = t('edit.save');
    this.form.relabel();
    this.picker.relabel();
    if (this.record) this.renderResult();
    if (this.session.can('editor') && this.open) this.review.render();
  }
}
