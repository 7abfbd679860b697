// Sample events made ready for the evaluators: SigmaHQ's regression events flattened to the field
// names Sigma rules use, and an event's field names mapped the way detctl maps a rule's query.
import type { Logsource } from '../rules/sigma/model.js';
import { applies, loadMapping, pythonMatch, type MappingName, type MappingStep } from '../compile/mappings/apply-mapping.js';
import type { EventValue, FlatEvent } from './types.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ATTRIBUTES = '#attributes';
const TEXT = '#text';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Values gathered per field name; a name given several values becomes a multi-valued field. */
class Fields {
  private readonly values = new Map<string, EventValue[]>();

  add(name: string, value: EventValue): void {
    const list = this.values.get(name);
    if (list) list.push(value);
    else this.values.set(name, [value]);
  }

  toEvent(): FlatEvent {
    return Object.fromEntries([...this.values].map(([name, list]) => [name, list.length === 1 ? list[0] : list.flat()]));
  }
}

/** Every leaf under its full dotted path (`Event.System.Provider.#attributes.Name`); arrays add each element. */
function addPaths(fields: Fields, path: string, value: Json): void {
  if (Array.isArray(value)) {
    for (const element of value) addPaths(fields, path, element);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) addPaths(fields, `${path}.${key}`, child);
  } else {
    fields.add(path, value);
  }
}

/**
 * One element under Sigma's name for it. The specification's "Field Usage" (sigma-rules-
 * specification.md, clarification 3 on Windows events): an attribute of a tag is `Tag_Attribute`
 * (`<Provider Name=…>` is `Provider_Name`, `<Execution ProcessID=…>` is `Execution_ProcessID`);
 * a data element is named by its `Name` attribute (`<Data Name="User">` is `User`). An element's
 * text (`#text`, e.g. `<EventID Qualifiers="0">4624</EventID>`) is its own name; anything nested
 * deeper is named with dots below it.
 */
function addElement(fields: Fields, name: string, value: Json): void {
  if (Array.isArray(value)) {
    for (const element of value) addElement(fields, name, element);
    return;
  }
  if (!isObject(value)) {
    fields.add(name, value);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (key === ATTRIBUTES && isObject(child)) {
      for (const [attribute, v] of Object.entries(child)) addElement(fields, `${name}_${attribute}`, v);
    } else if (key === TEXT) {
      addElement(fields, name, child);
    } else {
      addElement(fields, `${name}.${key}`, child);
    }
  }
}

/**
 * `<EventData>`'s children under their own names. evtx's JSON gives named data as keys already
 * (`"Image": "…"`); the XML-shaped form `"Data": [{"#attributes": {"Name": "Image"}, "#text": "…"}]`
 * (or one such object) is read the same way; unnamed `<Data>` values stay under `Data`.
 */
function addPayload(fields: Fields, wrapper: string, payload: Json): void {
  if (!isObject(payload)) {
    // A payload of bare text (`<EventData>text</EventData>`) is unnamed data.
    if (payload !== null) addElement(fields, 'Data', payload);
    return;
  }
  for (const [key, value] of Object.entries(payload)) {
    if (key === ATTRIBUTES && isObject(value)) {
      for (const [attribute, v] of Object.entries(value)) addElement(fields, `${wrapper}_${attribute}`, v);
    } else if (key === 'Data') {
      for (const data of Array.isArray(value) ? value : [value]) addData(fields, data);
    } else if (key === TEXT) {
      addElement(fields, 'Data', value);
    } else {
      addElement(fields, key, value);
    }
  }
}

function addData(fields: Fields, data: Json): void {
  const name = isObject(data) && isObject(data[ATTRIBUTES]) ? data[ATTRIBUTES].Name : undefined;
  if (typeof name !== 'string') {
    addElement(fields, 'Data', data);
    return;
  }
  // `<Data Name="X"/>` has no text: the field is there, without a value (as evtx writes it, null).
  addElement(fields, name, (data as JsonObject)[TEXT] ?? null);
}

/**
 * Names with spaces (Defender's `Source Name`) also without them: the specification's "Field
 * Usage" rule 2, "use them as they appear in the log source and strip all spaces" (`New Value` is
 * `NewValue`), so rules say `SourceName`.
 */
function spacesStripped(fields: FlatEvent): FlatEvent {
  const stripped = Object.entries(fields)
    .filter(([name]) => /\s/.test(name))
    .map(([name, value]) => [name.replace(/\s+/g, ''), value] as const)
    .filter(([name]) => !Object.hasOwn(fields, name));
  return { ...fields, ...Object.fromEntries(stripped) };
}

/**
 * A SigmaHQ regression event (EVTX converted to JSON, as shared/corpus/sigmahq/regression_data
 * holds them: `{"Event": {"System": …, "EventData" | "UserData": …}}`) as a flat event.
 *
 * SigmaHQ's regression runner (SigmaHQ/sigma tests/regression_tests_runner.py) matches these
 * events with Nextron's evtx-sigma-checker, whose source is not public; what it must do follows
 * from the rules it passes, which use the specification's Windows names (see addElement):
 * `EventData` fields by their own names (`Image`, `CommandLine`), `System` fields too (`EventID`,
 * `Channel`, `Computer`, `Provider_Name`), and the fields of `UserData`'s one child element (e.g.
 * WMI-Activity's `Operation`) like EventData's. Chainsaw's public mapping of Sigma names onto the
 * same JSON (WithSecureLabs/chainsaw mappings/sigma-event-logs-all.yml) agrees: `Image` is
 * `Event.EventData.Image`, `EventID` is `Event.System.EventID`, `Provider_Name` the Provider's Name.
 *
 * The full paths are kept as well (`Event.System.EventID`). Where a payload field and a System
 * field share a name, the payload's value is the field (the rule is about what the event says).
 */
export function flattenSigmaHqEvent(json: unknown): FlatEvent {
  const event = isObject(json) && isObject(json.Event) ? json.Event : json;
  if (!isObject(event)) throw new TypeError('a SigmaHQ regression event is a JSON object: {"Event": {"System": …, "EventData": …}}');
  const system = new Fields();
  if (isObject(event.System)) for (const [tag, value] of Object.entries(event.System)) addElement(system, tag, value);
  const payload = new Fields();
  if ('EventData' in event) addPayload(payload, 'EventData', event.EventData);
  if (isObject(event.UserData)) for (const [wrapper, content] of Object.entries(event.UserData)) addPayload(payload, wrapper, content);
  const paths = new Fields();
  addPaths(paths, 'Event', event);
  return { ...system.toEvent(), ...spacesStripped(payload.toEvent()), ...paths.toEvent() };
}

/** One name an event value is visible under, with the mapping steps that gave it that name. */
interface Named {
  value: EventValue;
  renamedBy: readonly string[];
}

/** Python's `==` of an event value and a boolean, as the set-value step compares a rule's values. */
function equalsBool(value: EventValue, b: boolean): boolean {
  const elements = Array.isArray(value) ? (value as EventValue[]) : [value];
  return elements.some((v) => v === b || v === (b ? 1 : 0) || (typeof v === 'string' && v.toLowerCase() === String(b)));
}

function union(a: EventValue, b: EventValue): EventValue {
  const list = [...(Array.isArray(a) ? a : [a]), ...(Array.isArray(b) ? b : [b])] as EventValue[];
  const unique = [...new Set(list)];
  return unique.length === 1 ? unique[0] : unique;
}

/**
 * What each step of a field mapping does to an event, so that the query mapped for a target finds
 * the values the rule's own query found (compile/mappings/apply-mapping.ts does the same steps to
 * the query; the step data is read from there, not copied). The event keeps its original names.
 */
const EVENT_STEPS: { [T in MappingStep['type']]: (step: Extract<MappingStep, { type: T }>, fields: Map<string, Named>, defaults: Map<string, string[]>) => void } = {
  // The value also under the new name, remembering the step (a later prefix step asks).
  // Several fields renamed to one name (ImageLoaded and TargetFilename → file.path) make it
  // multi-valued, so a query on that name finds either.
  rename: (step, fields) => {
    for (const [name, named] of [...fields]) {
      // Own keys only: an event field may well be called `constructor`.
      if (!Object.hasOwn(step.mapping, name)) continue;
      const target = step.mapping[name];
      const existing = fields.get(target);
      fields.set(target, {
        value: existing ? union(existing.value, named.value) : named.value,
        renamedBy: [...(existing?.renamedBy ?? []), ...named.renamedBy, step.id],
      });
    }
  },
  // The value also under the prefixed name, unless the query would not prefix it either.
  prefix: (step, fields) => {
    const skip = step.unlessFieldMatches.map(pythonMatch);
    for (const [name, named] of [...fields]) {
      if (named.renamedBy.some((id) => step.unlessRenamedBy.includes(id))) continue;
      if (skip.some((re) => re.test(name))) continue;
      if (!fields.has(step.prefix + name)) fields.set(step.prefix + name, named);
    }
  },
  // The query's side turns a YAML boolean into the step's value (`Initiated: true` becomes
  // `network.direction: egress`), but leaves the text 'true' alone; the event cannot tell which
  // the rule wrote, so a boolean-like value gets the step's value beside its own.
  'set-value': (step, fields) => {
    for (const name of step.fields) {
      const named = fields.get(name);
      if (named && equalsBool(named.value, step.ifAllValuesEqual)) fields.set(name, { ...named, value: union(named.value, step.value) });
    }
  },
  // Numbers turned into strings change how a term is written, not what it matches: the
  // evaluators compare an event's number by its text already. Nothing to do.
  'numbers-to-strings': () => {},
  // The query gains a condition on where the events come from (`winlog.channel: Security`,
  // `source: WinEventLog:Security`). That is a property of the log source, not of a field the
  // sample event has: a test event of the rule is from the rule's log source. So the event gets
  // the step's values when, after all other steps, it has no such field; one that names its own
  // (e.g. a Channel renamed to winlog.channel) keeps it, and a wrong one still fails.
  'add-condition': (step, _fields, defaults) => {
    defaults.set(step.field, [...(defaults.get(step.field) ?? []), ...step.values]);
  },
};

/** The event with the field names a target's mapping gives a rule of this log source. */
export function mapEvent(event: FlatEvent, mapping: MappingName, logsource: Logsource): FlatEvent {
  const fields = new Map<string, Named>(Object.entries(event).map(([name, value]) => [name, { value, renamedBy: [] }]));
  const defaults = new Map<string, string[]>();
  for (const step of loadMapping(mapping).steps) {
    if (!applies(step.when, logsource)) continue;
    (EVENT_STEPS[step.type] as (s: MappingStep, f: Map<string, Named>, d: Map<string, string[]>) => void)(step, fields, defaults);
  }
  for (const [field, values] of defaults) {
    if (!fields.has(field)) fields.set(field, { value: values.length === 1 ? values[0] : values, renamedBy: [] });
  }
  return Object.fromEntries([...fields].map(([name, named]) => [name, named.value]));
}
