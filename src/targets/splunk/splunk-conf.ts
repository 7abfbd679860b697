// Splunk .conf text. A value with newlines is written with a backslash before each line break,
// which is how Splunk's conf reader continues a value (and keeps the newline in it).
import type { MacroObject, SavedSearchObject } from './objects.js';

function confValue(value: string): string {
  return value.replace(/\r\n/g, '\n').split('\n').join('\\\n');
}

function stanza(name: string, content: Record<string, string | undefined>): string {
  const lines = [`[${name}]`];
  for (const [key, value] of Object.entries(content).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (value !== undefined) lines.push(`${key} = ${confValue(value)}`);
  }
  return lines.join('\n');
}

function byName<T extends { name: string }>(objects: T[]): T[] {
  return [...objects].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function savedSearchesConf(searches: SavedSearchObject[]): string {
  return byName(searches).map((s) => stanza(s.name, s.content)).join('\n\n') + '\n';
}

export function macrosConf(macros: MacroObject[]): string {
  return byName(macros).map((m) => stanza(m.name, m.content)).join('\n\n') + '\n';
}

export function appConf(app: string, version: string): string {
  return [
    '[install]',
    'is_configured = 1',
    '',
    '[launcher]',
    'author = detctl',
    `description = Detections deployed by detctl`,
    `version = ${version}`,
    '',
    '[package]',
    `id = ${app}`,
    '',
    '[ui]',
    'is_visible = false',
    `label = ${app}`,
    '',
  ].join('\n');
}
