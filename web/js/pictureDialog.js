// "Export picture": a map button opening a small dialog to choose the size and save the map's
// picture as PNG, or open it in a print view that has the picture and its words as text.
import { el, replace } from './dom.js';
import { t } from './i18n.js';
import { PICTURE_SIZES } from './mapPicture.js';

const ICON = '<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">'
  + '<rect x="1.5" y="3" width="15" height="12" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.6"/>'
  + '<path d="M3.5 13l4-4.5 3 3 2-2 2.5 3.5z" fill="currentColor"/><circle cx="12.5" cy="6.5" r="1.5" fill="currentColor"/></svg>';

export class PictureControl {
  /**
   * picture(size) resolves to {blob, texts} for one of PICTURE_SIZES; fileName(size) names the
   * file to save.
   */
  constructor(map, { picture, fileName }) {
    this.picture = picture;
    this.fileName = fileName;
    const control = L.control({ position: 'topright' });
    control.onAdd = () => {
      const div = L.DomUtil.create('div', 'leaflet-bar picture-control');
      this.button = L.DomUtil.create('button', 'picture-open', div);
      this.button.type = 'button';
      this.button.setAttribute('aria-haspopup', 'dialog');
      this.button.innerHTML = ICON;
      this.button.addEventListener('click', () => this.open());
      L.DomEvent.disableClickPropagation(div);
      this.relabel();
      return div;
    };
    control.addTo(map);
    this.dialog = el('dialog', { id: 'picture-dialog', class: 'picture-dialog', 'aria-labelledby': 'picture-title' });
    this.print = el('dialog', { id: 'picture-print', class: 'picture-print', 'aria-labelledby': 'picture-print-title' });
    document.body.append(this.dialog, this.print);
    // Each dialog gives the focus back to what opened it.
    this.dialog.addEventListener('close', () => this.button.isConnected && !this.print.open && this.button.focus());
    this.print.addEventListener('close', () => {
      if (this.printUrl) URL.revokeObjectURL(this.printUrl);
      this.printUrl = null;
      this.button.focus();
    });
  }

  relabel() {
    this.button.setAttribute('aria-label', t('picture.open'));
    this.button.title = t('picture.open');
  }

  size() {
    const id = this.dialog.querySelector('input[name=picture-size]:checked')?.value;
    return PICTURE_SIZES.find(s => s.id === id) ?? PICTURE_SIZES[0];
  }

  /** The dialog, written afresh in the page's language each time it opens. */
  open() {
    const chosen = this.dialog.querySelector('input[name=picture-size]:checked')?.value ?? PICTURE_SIZES[0].id;
    const close = el('button', { type: 'button', class: 'close', 'aria-label': t('picture.close'), title: t('picture.close'), text: '×' });
    close.addEventListener('click', () => this.dialog.close());
    this.status = el('p', { class: 'picture-status', role: 'status' });
    this.save = el('button', { type: 'button', class: 'picture-save', text: t('picture.download') });
    this.printButton = el('button', { type: 'button', class: 'picture-print-open secondary', text: t('picture.print') });
    this.save.addEventListener('click', () => this.download());
    this.printButton.addEventListener('click', () => this.openPrint());
    replace(this.dialog,
      el('div', { class: 'dialog-head' }, el('h2', { id: 'picture-title', tabindex: '-1', text: t('picture.title') }), close),
      el('p', { class: 'hint', text: t('picture.explain') }),
      el('fieldset', { class: 'picture-sizes' }, el('legend', { text: t('picture.size') }),
        ...PICTURE_SIZES.map(s => el('label', { class: 'row' },
          el('input', { type: 'radio', name: 'picture-size', value: s.id, checked: s.id === chosen }),
          ` ${t(`picture.size.${s.id}`)}`))),
      el('div', { class: 'actions' }, this.save, this.printButton),
      this.status);
    this.dialog.showModal();
    this.dialog.querySelector('#picture-title').focus();
  }

  /** Makes the picture, saying so; the buttons wait while it is made. */
  async make() {
    const size = this.size();
    this.status.textContent = t('picture.working');
    this.status.classList.remove('error');
    for (const b of [this.save, this.printButton]) b.disabled = true;
    try {
      return { size, ...await this.picture(size) };
    } catch (error) {
      this.status.textContent = t('picture.failed', { message: error.message });
      this.status.classList.add('error');
      return null;
    } finally {
      for (const b of [this.save, this.printButton]) b.disabled = false;
    }
  }

  async download() {
    const made = await this.make();
    if (!made) return;
    const name = this.fileName(made.size);
    const url = URL.createObjectURL(made.blob);
    const link = el('a', { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    this.status.textContent = t('picture.saved', { name });
    this.save.focus();
  }

  /** The print view: the same picture, and its words as text that prints and reads as text. */
  async openPrint() {
    const made = await this.make();
    if (!made) return;
    const { texts } = made;
    this.printUrl = URL.createObjectURL(made.blob);
    const printNow = el('button', { type: 'button', class: 'picture-print-now', text: t('picture.printNow') });
    const back = el('button', { type: 'button', class: 'secondary picture-print-close', text: t('picture.back') });
    printNow.addEventListener('click', () => window.print());
    back.addEventListener('click', () => this.print.close());
    replace(this.print,
      el('div', { class: 'actions print-hidden' }, printNow, back),
      el('h1', { id: 'picture-print-title', tabindex: '-1', text: texts.title }),
      el('p', { class: 'picture-shown', text: texts.shown }),
      el('p', { class: 'picture-when', text: [texts.time, texts.filters].filter(Boolean).join(' · ') }),
      el('img', { src: this.printUrl, alt: t('picture.alt', { title: texts.title }), class: 'picture-image' }),
      el('p', { class: 'picture-attribution', text: texts.attribution }),
      el('p', { class: 'picture-citation', text: texts.citation }));
    this.dialog.close();
    this.print.showModal();
    this.print.querySelector('#picture-print-title').focus();
  }
}
