// The sign-in control in the header: a token pasted in, checked with the server, then the
// user's name and role and a way to sign out.
import { ApiError } from './api.js';
import { t, tOr } from './i18n.js';

export function roleLabel(role) {
  return tOr(`role.${role}`, role);
}

export class AccountControl {
  constructor(root, session) {
    this.root = root;
    this.session = session;
    this.$ = selector => root.querySelector(selector);
    this.toggle = this.$('#sign-in-toggle');
    this.form = this.$('#sign-in-form');
    this.input = this.$('#token-input');
    this.error = this.$('#sign-in-error');
    this.toggle.addEventListener('click', () => this.setFormOpen(this.form.hidden));
    this.$('#sign-in-cancel').addEventListener('click', () => this.setFormOpen(false));
    this.form.addEventListener('keydown', e => {
      if (e.key === 'Escape') this.setFormOpen(false);
    });
    this.form.addEventListener('submit', e => {
      e.preventDefault();
      this.signIn();
    });
    this.$('#sign-out').addEventListener('click', () => {
      session.signOut();
      this.toggle.focus();
    });
    session.onChange(() => this.render());
  }

  setFormOpen(open) {
    this.form.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      this.input.focus();
    } else {
      this.input.value = '';
      this.error.textContent = '';
      this.toggle.focus();
    }
  }

  async signIn() {
    const token = this.input.value.trim();
    if (!token) {
      this.error.textContent = t('account.tokenMissing');
      return;
    }
    this.error.textContent = t('account.checking');
    try {
      await this.session.signIn(token);
      this.input.value = '';
      this.error.textContent = '';
      // The form is gone: the focus goes on to what the user can do now.
      const edit = this.$('#editor-toggle');
      (edit.hidden ? this.$('#sign-out') : edit).focus();
    } catch (error) {
      this.error.textContent = error instanceof ApiError && error.status === 401
        ? t('account.refused', { message: error.message }) : t('account.failed', { message: error.message });
      this.input.select();
    }
  }

  /** Says why the user is signed out, next to the sign-in control. */
  signedOutBecause(message) {
    this.setFormOpen(true);
    this.error.textContent = message;
  }

  render() {
    const user = this.session.user;
    this.toggle.hidden = !!user;
    this.root.classList.toggle('signed-in', !!user);
    this.$('#account-status').hidden = !user;
    if (user) {
      this.form.hidden = true;
      this.toggle.setAttribute('aria-expanded', 'false');
      this.$('#account-name').textContent = t('account.signedInAs', { name: user.name, role: roleLabel(user.role) });
    }
  }
}
