// The macros rendered ESCU detections need: called macros (followed through definitions), the
// generated `_filter` macros, and a missing macro reported at the line of the search calling it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { macroReferences } from '../../src/rules/escu/macro-references.js';
import { renderEscuMacros } from '../../src/targets/splunk/escu-macros.js';
import { assertDiagnostic, detection, detectionYaml, lineOf, macro, pathFor } from './escu-fixtures.js';

const SETTINGS = { app: 'escu_app', owner: 'nobody', target: 'splunk' };

const MACROS = [
  macro("name: security_content_ctime\narguments:\n- field\ndefinition: 'convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime($field$)'\ndescription: convert epoch time to string\n", 'escu/macros/security_content_ctime.yml'),
  macro('name: security_content_summariesonly\ndefinition: summariesonly=`summariesonly_config` fillnull_value=`fillnull_config`\ndescription: "search data model\'s summaries only "\n', 'escu/macros/security_content_summariesonly.yml'),
  macro('name: summariesonly_config\ndefinition: "false"\ndescription: summariesonly setting\n', 'escu/macros/summariesonly_config.yml'),
  macro('name: fillnull_config\ndefinition: "null"\ndescription: fillnull setting\n', 'escu/macros/fillnull_config.yml'),
  macro('name: sysmon\ndefinition: source=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\ndescription: where Sysmon events are\n', 'escu/macros/sysmon.yml'),
];

describe('macro references in SPL', () => {
  test('names, argument counts and stanzas; comments and non-calls skipped', () => {
    const spl = '`sysmon` ```| `commented_out` ``` | eval note="`not a call`" | `security_content_ctime(firstTime)` | `two_args(a, "b,c")` | `none()` | `sysmon`';
    assert.deepEqual(macroReferences(spl), [
      { name: 'sysmon', argumentCount: 0, stanza: 'sysmon' },
      { name: 'security_content_ctime', argumentCount: 1, stanza: 'security_content_ctime(1)' },
      { name: 'two_args', argumentCount: 2, stanza: 'two_args(2)' },
      { name: 'none', argumentCount: 0, stanza: 'none' },
    ]);
  });
});

describe('renderEscuMacros', () => {
  const d = detection();

  test('called macros, nested ones, and the generated filter macro; external ones skipped', () => {
    const { macros, diagnostics } = renderEscuMacros([d], MACROS, SETTINGS);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      macros.map((m) => m.name),
      ['fillnull_config', 'security_content_ctime(1)', 'security_content_summariesonly', 'summariesonly_config', 'suspicious_thing_ran_filter'],
    );
    const ctime = macros.find((m) => m.name === 'security_content_ctime(1)')!;
    assert.deepEqual(ctime.content, { args: 'field', definition: 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)', description: 'convert epoch time to string' });
    assert.deepEqual([ctime.kind, ctime.app, ctime.owner, ctime.target, ctime.source], ['macro', 'escu_app', 'nobody', 'splunk', 'escu/macros/security_content_ctime.yml']);
    assert.equal(macros.find((m) => m.name === 'security_content_summariesonly')!.content.description, "search data model's summaries only");
    const filter = macros.find((m) => m.name === 'suspicious_thing_ran_filter')!;
    assert.deepEqual(filter.content, { definition: 'search *', description: 'Update this macro to limit the output results to filter out false positives.' });
    assert.equal(filter.source, d.path);
    // `sysmon` is defined but unused: only what the detections call is deployed.
    assert.equal(macros.some((m) => m.name === 'sysmon'), false);
  });

  test('a filter macro a file defines is used instead of the generated one', () => {
    const own = macro('name: suspicious_thing_ran_filter\ndefinition: search NOT dest=build-*\ndescription: our build hosts run thing.exe\n', 'escu/macros/suspicious_thing_ran_filter.yml');
    const { macros } = renderEscuMacros([d], [...MACROS, own], SETTINGS);
    assert.equal(macros.find((m) => m.name === 'suspicious_thing_ran_filter')!.content.definition, 'search NOT dest=build-*');
  });

  test('a missing macro is reported at the search that calls it', () => {
    const { macros, diagnostics } = renderEscuMacros([d], MACROS.filter((m) => m.name !== 'security_content_ctime'), SETTINGS);
    const text = detectionYaml();
    const hit = assertDiagnostic(diagnostics, /the search calls macro `security_content_ctime\(1\)`, which no macro file defines/, pathFor(), lineOf(text, 'search:'));
    assert.match(hit.hint ?? '', /macros\/security_content_ctime\.yml/);
    assertDiagnostic(diagnostics, /drilldown 'View risk events .*' calls macro `security_content_ctime\(1\)`/, pathFor(), lineOf(text, "search: '| from datamodel Risk"));
    assert.ok(macros.length > 0, 'what resolves is still returned');
  });

  test('a call with the wrong number of arguments says what exists', () => {
    const oneArg = detection({ search: "'`sysmon` | `security_content_ctime(firstTime, lastTime)` | stats count by dest user process_name | `suspicious_thing_ran_filter`'" });
    const { diagnostics } = renderEscuMacros([oneArg], MACROS, SETTINGS);
    const hit = diagnostics.find((x) => /security_content_ctime\(2\)/.test(x.message));
    assert.match(hit?.hint ?? '', /define security_content_ctime\(1\): the call passes a different number of arguments/);
  });

  test('a missing macro called from a macro is reported at its definition', () => {
    const broken = [...MACROS.filter((m) => m.name !== 'fillnull_config')];
    const { diagnostics } = renderEscuMacros([d], broken, SETTINGS);
    assertDiagnostic(diagnostics, /macro security_content_summariesonly calls macro `fillnull_config`/, 'escu/macros/security_content_summariesonly.yml', 2);
  });

  test('a removed detection gets no filter macro and its calls are not checked', () => {
    const removed = detection({ status: 'removed', drilldowns: null, tests: null, search: "'`risk_index` | stats count by user | `suspicious_thing_ran_filter`'", rba: null });
    const { macros, diagnostics } = renderEscuMacros([removed], MACROS, SETTINGS);
    assert.deepEqual(macros, []);
    assert.deepEqual(diagnostics, []);
  });
});
