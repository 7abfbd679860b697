// What a live system (Elasticsearch, Splunk, …) supplies to detctl: one provider object per
// target type, registered in registry.ts. Everything target-specific lives behind this interface,
// so the stages around it (render, plan, apply, release) never ask which target they work on.
import type { z } from 'zod';
import type { LanguageName } from '../compile/language-names.js';
import type { MappingName } from '../compile/mappings/mapping-names.js';
import { DiagnosticError, type Diagnostic } from '../diagnostics.js';
import type { Rule } from '../rules/load-rules.js';
import type { BuiltFile } from './built-file.js';
import type { TargetAdapter } from './target.js';
import type { Canonical, LiveObject, TargetObject } from './target-object.js';

/** The settings every target has, whatever its type (the provider's schema adds the rest). */
export interface BaseTargetSettings {
  type: string;
  url: string;
  /** A request's time limit, as an Elasticsearch time value (`30s`). */
  timeout: string;
}

/** How a target compiles Sigma rules: what `render` deploys, and what `detctl test` evaluates. */
export interface SigmaQueryOptions {
  language: LanguageName;
  mapping?: MappingName;
  /** Appended to the fields of wildcard and regex terms (Lucene's `.keyword`). */
  keywordSuffix?: string;
  /** String terms as case-insensitive regexes, where the language's terms match with case (CompileOptions). */
  caseInsensitive?: boolean;
}

/** One kind of object a provider deploys (a watch, a saved search, a macro). */
export interface ObjectKindInfo {
  /** What identifies the object on its target: a watch's id, a saved search's name. */
  identity(object: TargetObject): string;
  /** The kind as messages name it ("saved search"). */
  label: string;
  /** How to get out of a collision with an object of this kind detctl does not own. */
  renameHint: string;
  /** The object's schema, for reading a saved plan back (`kind` must be a literal). */
  schema: z.ZodObject<{ kind: z.ZodLiteral<string> } & z.ZodRawShape>;
}

export interface RenderInput<Settings, Inputs> {
  /** Target name from the environment file. */
  target: string;
  /** Environment name (ownership metadata). */
  env: string;
  settings: Settings;
  /** The environment's selected rules, of every kind; a provider renders those it knows. */
  rules: readonly Rule[];
  /** What `loadInputs` read for this target (undefined when it was not asked to). */
  inputs: Inputs | undefined;
  /**
   * A value from the settings with every value from the environment replaced by its reference
   * `${VAR}` (base/references.ts); identity when absent. Every rendered object goes through the
   * same replacement afterwards; a provider uses this only where it must know whether a field
   * (a password) is a reference.
   */
  hide?(value: string): string;
  /**
   * A text with every reference `${VAR}` to the environment's variables resolved to its value
   * (base/references.ts); identity when absent. Only for what is hashed, never rendered: a native
   * definition's secrets are hashed into its metadata so that a changed value shows in the plan.
   */
  reveal?(value: string): string;
}

/**
 * A listed object as the native definition file `detctl import` writes (docs/import.md): plain
 * data, server defaults removed, hidden secrets replaced by `${VAR}` placeholders.
 */
export interface NativeExport {
  /** The object's identity on its target (the file name is derived from it). */
  id: string;
  /** The file name's ending, which says what the file holds (`.watch.yaml`, `.savedsearch.yaml`). */
  suffix: string;
  definition: Record<string, unknown>;
  /** The placeholders put in place of hidden secrets: the variables the user must set. */
  variables: { name: string; what: string }[];
}

export interface RenderOutput<O> {
  objects: O[];
  diagnostics: Diagnostic[];
}

export interface AdapterContext {
  /** Environment name (ownership of listed objects). */
  env: string;
  /** The project folder, against which relative paths in settings (tls.ca) are read. */
  projectDir: string;
}

export interface TargetProvider<Settings extends BaseTargetSettings = BaseTargetSettings, O extends TargetObject = TargetObject, Inputs = unknown> {
  /** The `type:` of the target in an environment file. */
  readonly type: Settings['type'];
  /** The target's settings (zod), `type` a literal; the environment schema is the union of these. */
  readonly settingsSchema: z.ZodType<Settings>;
  /** The kinds of object it deploys, by `kind` (unique across providers). */
  readonly kinds: Readonly<Record<O['kind'], ObjectKindInfo>>;
  /** Files of the project the target's rendering needs besides the rules (I/O; render stays pure). */
  loadInputs?(settings: Settings, projectDir: string): { inputs: Inputs; diagnostics: Diagnostic[] };
  /** The query language, field mapping and keyword suffix its Sigma queries are compiled with. */
  sigmaQueries(settings: Settings): SigmaQueryOptions;
  /** Rules → desired objects of one target. Pure. */
  render(input: RenderInput<Settings, Inputs>): RenderOutput<O>;
  /** The canonical form of a desired object: what the diff compares with a live object's. Pure. */
  canonical(object: O): Canonical;
  /** The adapter that lists and writes the target's objects (loads its client when called). */
  createAdapter(name: string, settings: Settings, context: AdapterContext): Promise<TargetAdapter>;
  /** The files `detctl build` writes for the target's objects, relative to the output folder. */
  buildFiles(objects: O[], version: string): BuiltFile[];
  /** A listed object this environment does not own as a native definition (`detctl import`); undefined for kinds it cannot import (macros). */
  exportNative?(live: LiveObject): NativeExport | undefined;
  /**
   * Rollback of an adoption (docs/import.md): the object as it was before detctl adopted it —
   * `preImage` as the adopting release recorded it, `adopted` the object that release wrote — as a
   * desired object carrying no ownership, so that writing it gives the object back.
   */
  giveBack?(preImage: LiveObject, adopted: O | undefined, source: string): O;
}

/** The value of `f`, or undefined with its diagnostics collected (a rule that fails to render is reported, not thrown). */
export function attempt<T>(diagnostics: Diagnostic[], f: () => T): T | undefined {
  try {
    return f();
  } catch (error) {
    if (error instanceof DiagnosticError) diagnostics.push(...error.diagnostics);
    else throw error;
    return undefined;
  }
}
