// UI text comes from two dictionaries, /i18n/en.json and /i18n/ja.json. The language is remembered in localStorage;
// the first visit follows the browser. English fills any key the other dictionary lacks.
const LanguageKey = 'smartlab.lang';
export const Languages = ['en', 'ja'];

let language = 'en';
let dictionary = {};
let fallback = {};

async function load(lang) {
  const response = await fetch(`/i18n/${lang}.json`, { cache: 'no-cache' });
  if (!response.ok) {
    throw new Error(`dictionary ${lang}: ${response.status}`);
  }

  return response.json();
}

export function initialLanguage() {
  const stored = localStorage.getItem(LanguageKey);
  if (Languages.includes(stored)) {
    return stored;
  }

  return (navigator.language || 'en').toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export async function setLanguage(lang) {
  lang = Languages.includes(lang) ? lang : 'en';
  if (Object.keys(fallback).length === 0) {
    fallback = await load('en');
  }

  dictionary = lang === 'en' ? fallback : await load(lang);
  language = lang;
  localStorage.setItem(LanguageKey, lang);
  document.documentElement.lang = lang;
}

export function currentLanguage() {
  return language;
}

/** The text for a key with {placeholders} filled from `vars`; the key itself if neither dictionary has it. */
export function t(key, vars) {
  const text = dictionary[key] ?? fallback[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match)) : text;
}

/** Like t, but null when no dictionary has the key (for optional translations of API values). */
export function tOptional(key, vars) {
  return key in dictionary || key in fallback ? t(key, vars) : null;
}

export function formatDateTime(value) {
  if (!value) {
    return '';
  }

  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value)
    : new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

export function formatTime(value) {
  return value ? new Intl.DateTimeFormat(language, { timeStyle: 'medium' }).format(new Date(value)) : '';
}

export function formatNumber(value, maximumFractionDigits = 3) {
  if (typeof value !== 'number') {
    return String(value);
  }

  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-3)) {
    return value.toExponential(3);
  }

  return new Intl.NumberFormat(language, { maximumFractionDigits }).format(value);
}

/** A duration in seconds as words in the page's language ("30 min", "2 h 5 min"). */
export function formatDuration(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    return '';
  }

  const unit = (value, name) => new Intl.NumberFormat(language, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = Math.round(seconds % 60);
  const parts = [];
  if (hours) parts.push(unit(hours, 'hour'));
  if (minutes) parts.push(unit(minutes, 'minute'));
  if (rest || parts.length === 0) parts.push(unit(rest, 'second'));
  return parts.join(' ');
}

/** Parses .NET's TimeSpan text ("00:30:00", "1.02:00:00") or a number of seconds into seconds. */
export function parseDuration(value) {
  if (typeof value === 'number') {
    return value;
  }

  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(String(value ?? ''));
  return match ? (+(match[1] ?? 0)) * 86400 + (+match[2]) * 3600 + (+match[3]) * 60 + (+match[4]) : null;
}
