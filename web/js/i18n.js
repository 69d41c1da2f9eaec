// Every string of the interface comes from one dictionary per language (web/i18n/<lang>.json).
// Adding a language is adding a file and its entry in LANGUAGES; a right-to-left one sets
// "_meta.dir": "rtl" and the layout follows, as the stylesheet uses logical properties.

export const LANGUAGES = [{ code: 'en', name: 'English' }, { code: 'de', name: 'Deutsch' }];
const CODES = LANGUAGES.map(l => l.code);
const STORAGE_KEY = 'incident-atlas.language';

let dictionary = {};
let fallback = {};
let current = 'en';

async function loadDictionary(lang) {
  const response = await fetch(`/i18n/${lang}.json`);
  if (!response.ok) throw new Error(`no dictionary for ${lang}`);
  return response.json();
}

/** The remembered language, else the browser's if we have it, else English. */
export function preferredLanguage() {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (CODES.includes(stored)) return stored;
  const browser = (navigator.language || 'en').slice(0, 2);
  return CODES.includes(browser) ? browser : 'en';
}

export async function setLanguage(lang) {
  if (!CODES.includes(lang)) lang = 'en';
  if (!Object.keys(fallback).length) fallback = await loadDictionary('en');
  dictionary = lang === 'en' ? fallback : await loadDictionary(lang);
  current = lang;
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = dictionary._meta?.dir ?? 'ltr';
  translatePage(document);
}

export function language() {
  return current;
}

export function locale() {
  return dictionary._meta?.locale ?? current;
}

/**
 * The string for key with {name} placeholders filled; a missing key shows itself, never blank.
 * An entry may hold plural forms ({"one": ..., "other": ...}), chosen by the language's rules for
 * params.count. Numbers among the params are written as the language writes them (1.234,5 in German).
 */
export function t(key, params = {}) {
  let template = dictionary[key] ?? fallback[key] ?? key;
  if (typeof template === 'object') template = pluralForm(template, params.count);
  return template.replace(/\{(\w+)\}/g, (m, name) => (name in params ? paramText(params[name]) : m));
}

/** Whether the dictionaries have an entry for key. */
export function hasKey(key) {
  return key in dictionary || key in fallback;
}

function paramText(value) {
  return typeof value === 'number' ? numberFormat().format(value) : String(value);
}

function pluralForm(forms, count) {
  const n = Number(count);
  // "=0" and the like name an exact number, as in ICU messages; then the language's category.
  return forms[`=${n}`] ?? forms[pluralRules().select(Number.isFinite(n) ? n : 0)] ?? forms.other ?? Object.values(forms)[0];
}

let rulesFor = null;
let rules = null;

function pluralRules() {
  if (rulesFor !== locale()) {
    rules = new Intl.PluralRules(locale());
    rulesFor = locale();
  }
  return rules;
}

/** A number formatter of the page's language; options as Intl.NumberFormat takes them. */
export function numberFormat(options = {}) {
  const key = `${locale()}|number|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale(), options);
    formatters.set(key, f);
  }
  return f;
}

/** Like t(), but a key the dictionaries lack yields the given fallback (for data-driven keys). */
export function tOr(key, otherwise) {
  return hasKey(key) ? t(key) : otherwise;
}

const TRANSLATED_ATTRIBUTES = ['aria-label', 'title', 'placeholder'];

/** Fills elements marked data-i18n (text) and data-i18n-<attribute> (e.g. aria-label, placeholder). */
export function translatePage(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const attribute of TRANSLATED_ATTRIBUTES) {
    for (const el of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      el.setAttribute(attribute, t(el.getAttribute(`data-i18n-${attribute}`)));
    }
  }
}

/** A day (YYYY-MM-DD) in the reader's language; UTC so that no time zone shifts it. */
export function formatDay(day, options = { day: 'numeric', month: 'short', year: 'numeric' }) {
  if (!day) return '';
  const [y, m, d] = day.split('-').map(Number);
  if (!d) return day;
  return formatter(options).format(Date.UTC(y, m - 1, d));
}

/** A date known to the day, the month or the year, as precisely as it is known: "27 April 1992", "July 2020", "1992". */
export function formatPartialDate(value) {
  const [y, m, d] = String(value ?? '').split('-').map(Number);
  if (!y) return value ?? '';
  if (d) return formatDay(value, { day: 'numeric', month: 'long', year: 'numeric' });
  if (m) return formatter({ month: 'long', year: 'numeric' }).format(Date.UTC(y, m - 1, 1));
  return String(y);
}

// Building a formatter costs far more than using one; the timeline formats many days per input.
const formatters = new Map();

function formatter(options) {
  const key = `${locale()}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(), { ...options, timeZone: 'UTC' });
    formatters.set(key, f);
  }
  return f;
}
