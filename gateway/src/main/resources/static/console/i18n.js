// The console's languages: one dictionary module per language (i18n/zh.js, ko.js, en.js), the choice kept in
// localStorage. t('key', {name: value}) fills {name}; a key missing from a dictionary falls back to English.
import zh from './i18n/zh.js';
import ko from './i18n/ko.js';
import en from './i18n/en.js';

export const LANGUAGES = { zh, ko, en };
const KEY = 'kefu.console.lang';
let current = localStorage.getItem(KEY) || pick(navigator.language);

function pick(browser) {
  const code = (browser || 'zh').slice(0, 2);
  return code in LANGUAGES ? code : 'zh';
}

export function lang() {
  return current;
}

export function setLang(code) {
  current = code in LANGUAGES ? code : 'zh';
  localStorage.setItem(KEY, current);
  document.documentElement.lang = { zh: 'zh-CN', ko: 'ko', en: 'en' }[current];
}

export function t(key, vars) {
  const text = LANGUAGES[current][key] ?? en[key] ?? key;
  return vars ? text.replace(/\{(\w+)}/g, (m, name) => (name in vars ? String(vars[name]) : m)) : text;
}

/** Static text of the page: data-i18n (text), data-i18n-placeholder, data-i18n-label (aria-label), data-i18n-title. */
export function translatePage(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of root.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  for (const node of root.querySelectorAll('[data-i18n-title]')) node.title = t(node.dataset.i18nTitle);
}
