// The mustache templates of watch actions (an email's subject and body, a logging text), as
// Watcher renders them with the model `{ctx: {…, payload}}`: `{{a.b.0.c}}` (dotted names, list
// indices), sections `{{#list}}…{{/list}}` over lists (each item on top of the context stack,
// names not found in it looked up below), over a non-empty object or true (rendered once),
// inverted sections `{{^x}}…{{/x}}`, `{{.}}`, and ES's `{{#toJson}}path{{/toJson}}`. Values are
// written as text without HTML escaping (Watcher's text templates); numbers as JavaScript
// writes them, so a double that Java would print as `2.0` reads `2` here (docs/sandbox.md).
// From ES's lang-mustache module, CustomMustacheFactory: the `text/plain` encoder
// (DefaultEncoder) writes a value as it is, without escaping; `{{#toJson}}x{{/toJson}}` (ToJsonCode)
// writes a list or a map as JSON and anything else as its text.
import { isObject, type Json } from '../../json.js';

type Context = Json | undefined;

export function renderMustache(template: string, model: Json): string {
  return render(template, [model]);
}

const TAG = /\{\{\s*([#^/]?)\s*([^}]*?)\s*\}\}/g;

function render(template: string, stack: Context[]): string {
  let out = '';
  let at = 0;
  // One scanner per call: sections render recursively.
  const tags = new RegExp(TAG.source, 'g');
  for (let m = tags.exec(template); m; m = tags.exec(template)) {
    out += template.slice(at, m.index);
    const [whole, sigil, name] = m;
    if (sigil === '#' || sigil === '^') {
      const end = closing(template, name, tags.lastIndex);
      const inner = template.slice(tags.lastIndex, end.start);
      at = end.after;
      tags.lastIndex = end.after;
      if (sigil === '#' && name === 'toJson') {
        out += JSON.stringify(lookup(inner.trim(), stack) ?? null);
        continue;
      }
      const value = lookup(name, stack);
      const items = Array.isArray(value) ? value : truthy(value) ? [value] : [];
      if (sigil === '^') {
        if (items.length === 0) out += render(inner, stack);
      } else {
        for (const item of items) out += render(inner, [...stack, item]);
      }
      continue;
    }
    if (sigil === '/') {
      at = m.index + whole.length;
      continue;
    }
    out += text(lookup(name, stack));
    at = m.index + whole.length;
  }
  return out + template.slice(at);
}

/** Where the section `name` that opens before `from` closes (nested sections of the same name counted). */
function closing(template: string, name: string, from: number): { start: number; after: number } {
  const tags = new RegExp(TAG.source, 'g');
  tags.lastIndex = from;
  let depth = 1;
  for (let m = tags.exec(template); m; m = tags.exec(template)) {
    if (m[2] !== name) continue;
    if (m[1] === '#' || m[1] === '^') depth++;
    if (m[1] === '/' && --depth === 0) return { start: m.index, after: m.index + m[0].length };
  }
  throw new Error(`unclosed section [${name}]`);
}

function lookup(name: string, stack: Context[]): Json | undefined {
  if (name === '.') return stack[stack.length - 1];
  const [head, ...rest] = name.split('.');
  for (let i = stack.length - 1; i >= 0; i--) {
    const start = step(stack[i], head);
    if (start === undefined) continue;
    let value: Json | undefined = start;
    for (const part of rest) value = step(value, part);
    return value;
  }
  return undefined;
}

function step(value: Context, key: string): Json | undefined {
  if (Array.isArray(value)) return /^\d+$/.test(key) ? value[Number(key)] : undefined;
  return isObject(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

function truthy(value: Json | undefined): boolean {
  return value !== undefined && value !== null && value !== false && value !== '' && !(isObject(value) && Object.keys(value).length === 0);
}

function text(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
