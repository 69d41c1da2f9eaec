// Sharing the view: a dialog with the permalink of what is on screen and an <iframe> snippet of
// the embedded map (/embed) with exactly the same state, each with a button that copies it. Both
// carry the page's own fragment (state.js), so they open what the reader sees.
import { t } from './i18n.js';

/** The full map with the state of fragment ("#map=..."). */
export function permalink(origin, fragment) {
  return `${origin}/${fragment}`;
}

/** The embedded map (map, legend and timeline only) with the same state. */
export function embedUrl(origin, fragment) {
  return `${origin}/embed${fragment}`;
}

function attribute(value) {
  return String(value).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The HTML another site pastes to show the embedded map. */
export function iframeSnippet(url, title) {
  return `<iframe src="${attribute(url)}" title="${attribute(title)}" width="800" height="500"`
    + ' style="max-width:100%;border:0" loading="lazy"></iframe>';
}

/** Copies text; where the clipboard API is refused, by selecting the field and the browser's copy. */
async function copy(text, field) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    field.focus();
    field.select();
    return document.execCommand?.('copy') ?? false;
  }
}

export class ShareDialog {
  /**
   * fragment() is the state of the view as state.js writes it; preview(), where the page can
   * picture its map, resolves to a PNG of the view, shown in the dialog as what the link shows.
   */
  constructor(dialog, opener, { fragment, preview = null }) {
    this.dialog = dialog;
    this.opener = opener;
    this.fragment = fragment;
    this.preview = preview;
    this.previewBox = dialog.querySelector('#share-preview');
    this.link = dialog.querySelector('#share-link');
    this.embed = dialog.querySelector('#share-embed');
    this.status = dialog.querySelector('#share-status');
    opener.addEventListener('click', () => this.open());
    dialog.querySelector('#share-close').addEventListener('click', () => dialog.close());
    // Escape closes a modal <dialog> by itself; either way the focus goes back to the button.
    dialog.addEventListener('close', () => this.opener.focus());
    // A click on the backdrop (outside the dialog's box) closes it too.
    dialog.addEventListener('click', e => { if (e.target === dialog) dialog.close(); });
    for (const [button, field, done] of [['#share-link-copy', this.link, 'share.copiedLink'], ['#share-embed-copy', this.embed, 'share.copiedEmbed']]) {
      dialog.querySelector(button).addEventListener('click', async () => {
        this.status.textContent = '';
        this.status.textContent = t(await copy(field.value, field) ? done : 'share.copyFailed');
      });
    }
    for (const field of [this.link, this.embed]) field.addEventListener('focus', () => field.select());
  }

  get isOpen() {
    return this.dialog.open;
  }

  open() {
    this.fill();
    this.status.textContent = '';
    this.dialog.showModal();
    this.link.focus();
    this.showPreview();
  }

  /** A picture of the view under the snippet, made anew at every opening: the view may have changed. */
  async showPreview() {
    if (!this.preview || !this.previewBox) return;
    const asked = (this.previewAsked = (this.previewAsked ?? 0) + 1);
    this.previewBox.hidden = false;
    this.previewBox.textContent = t('share.previewMaking');
    let blob;
    try {
      blob = await this.preview();
    } catch (e) {
      if (asked === this.previewAsked) this.previewBox.textContent = t('share.previewFailed');
      return;
    }
    if (asked !== this.previewAsked) return;
    // Making the picture lays the map out at the picture's size and back, which may leave its
    // view a few pixels off: the link and the snippet say the view as it is now.
    this.fill();
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
    this.previewUrl = URL.createObjectURL(blob);
    const img = document.createElement('img');
    img.src = this.previewUrl;
    img.alt = t('share.previewAlt');
    this.previewBox.replaceChildren(img);
  }

  /** The link and the snippet of the view as it is now. */
  fill() {
    const fragment = this.fragment();
    this.link.value = permalink(location.origin, fragment);
    this.embed.value = iframeSnippet(embedUrl(location.origin, fragment), t('share.iframeTitle'));
  }

  /** In the new language: the snippet's title is in it. */
  relabel() {
    if (this.dialog.open) this.fill();
  }
}
