// Who is signed in. The token lives in this tab's sessionStorage only: never in localStorage,
// the address or a cookie, so it goes when the tab is closed or the user signs out.
import { ApiError, me } from './api.js';

const STORAGE_KEY = 'incident-atlas.token';
/** Roles from least to most; each includes those before it, as on the server. */
export const ROLES = ['viewer', 'editor', 'reviewer', 'admin'];

export class Session {
  constructor() {
    this.token = null;
    this.user = null;
    this.listeners = [];
  }

  /** Calls listener(user) whenever someone signs in or out; user is null when signed out. */
  onChange(listener) {
    this.listeners.push(listener);
  }

  /** Whether the signed-in user's role includes role. */
  can(role) {
    return !!this.user && ROLES.indexOf(this.user.role) >= ROLES.indexOf(role);
  }

  /** Signs in with a token: the server says whose it is, or refuses it (ApiError 401). */
  async signIn(token) {
    const user = await me(token);
    sessionStorage.setItem(STORAGE_KEY, token);
    this.token = token;
    this.user = user;
    this.notify();
    return user;
  }

  /** Signs in again with the token this tab kept, if any; false when it is no longer valid. */
  async restore() {
    const token = sessionStorage.getItem(STORAGE_KEY);
    if (!token) return true;
    try {
      await this.signIn(token);
      return true;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      this.signOut();
      return false;
    }
  }

  signOut() {
    sessionStorage.removeItem(STORAGE_KEY);
    const was = this.user;
    this.token = null;
    this.user = null;
    if (was) this.notify();
  }

  notify() {
    this.listeners.forEach(listener => listener(this.user));
  }
}
