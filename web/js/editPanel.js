// Edit mode, for editors and above: the panel with "Add incident" (place, then the form, then
// the stored draft with its possible duplicates and a way to submit it for review) and the list
// of records in progress. Hidden, with all it holds, from everyone else.
import { ApiError, createIncident, moveRecord } from './api.js';
import { el, replace } from './dom.js';
import { IncidentForm } from './incidentForm.js';
import { t } from './i18n.js';
import { PlacePicker } from './placePicker.js';
import { districtText } from './places.js';
import { ReviewList, statusLabel } from './reviewList.js';

export class EditPanel {
  /**
   * onOpenChange(open) when the panel opens or closes; onPublished(id) when a record was
   * published; onUnauthorized() when the server no longer takes the user's token.
   */
  constructor(root, { map, session, banner, toggle, onOpenChange, onPublished, onUnauthorized }) {
    this.root = root;
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
    this.review = new ReviewList(this.$('#review'), session, { onPublished, onUnauthorized: () => onUnauthorized() });
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
    this.formStarted = false;
    this.$('#add-start').hidden = true;
    this.$('#add-result').hidden = true;
    this.$('#incident-form').hidden = true;
    this.picker.start();
    this.$('#pick-on-map').focus();
  }

  endAdd() {
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

  async submit(feature) {
    const button = this.$('#form-submit');
    button.disabled = true;
    try {
      const { body, etag } = await createIncident(this.session.token, feature);
      this.formStarted = false;
      this.showResult(body, etag);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.onUnauthorized();
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
    this.form.relabel();
    this.picker.relabel();
    if (this.record) this.renderResult();
    if (this.session.can('editor') && this.open) this.review.render();
  }
}
