// Saved searches rendered with every key detctl can write: a Sigma rule with email, suppression
// and drilldowns, and an ESCU TTP detection with risk, notable, drilldowns, throttling and every
// alert action a deployment can turn on. For the key-table and sandbox round-trip tests.
import assert from 'node:assert/strict';
import { parseYaml } from '../../src/yaml-tree.js';
import { loadSigmaRule } from '../../src/rules/sigma/load-sigma-rule.js';
import { compileRule } from '../../src/compile/compile-rule.js';
import { renderSigmaSavedSearches } from '../../src/targets/splunk/sigma-saved-search.js';
import { renderEscuDetection } from '../../src/targets/splunk/escu-saved-search.js';
import type { SavedSearchSettings } from '../../src/targets/splunk/settings.js';
import type { SavedSearchObject } from '../../src/targets/splunk/objects.js';
import { deployment, DEPLOYMENT_ACTIONS, detection } from '../unit/escu-fixtures.js';

export const APP = 'detections';

const SIGMA_RULE = `title: Suspicious PowerShell Download
id: 6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b
description: |
  PowerShell downloading a file.
  Second line of the description.
level: high
logsource:
    product: windows
    service: powershell
detection:
    sel:
        EventID: 4104
        ScriptBlockText|contains: 'DownloadFile('
    condition: sel
`;

const SIGMA_SETTINGS: SavedSearchSettings = {
  namePrefix: 'detctl - ',
  cron: '*/15 * * * *',
  earliest: '-15m@m',
  latest: 'now',
  suppress: '1h',
  actions: { email: { to: ['soc@example.net', 'ir@example.net'] } },
  drilldowns: [
    { name: 'View events for $dest$', search: '%original_detection_search% | search dest="$dest$"', earliest_offset: '$info_min_time$', latest_offset: '$info_max_time$' },
    { name: 'Other alerts for $dest$', search: 'index=notable dest="$dest$"' },
  ],
};

export function sigmaSavedSearch(): SavedSearchObject {
  const { documents, diagnostics } = parseYaml(SIGMA_RULE, 'rules/sigma/ps_download.yml');
  assert.deepEqual(diagnostics, []);
  const loaded = loadSigmaRule(documents[0], 'rules/sigma/ps_download.yml');
  assert.deepEqual(loaded.diagnostics.map((d) => d.message), []);
  const queries = compileRule(loaded.rule!, 'spl', {});
  const [search] = renderSigmaSavedSearches(loaded.rule!, queries, { target: 'splunk', app: APP, owner: 'nobody', settings: SIGMA_SETTINGS });
  return search;
}

/** Every alert action an ESCU deployment can switch on, beside TTP's notable and risk. */
const ALL_ACTIONS = `${DEPLOYMENT_ACTIONS.TTP}
  email:
    subject: 'Alert: %name%'
    to: soc@example.net
    message: '%name% fired on $result.dest$'
  slack:
    channel: '#soc'
    message: '%name% fired'
  phantom:
    cam_workers: '["local"]'
    label: detections
    phantom_server: automation (primary)
    sensitivity: amber
    severity: medium`;

export function escuSavedSearch(): SavedSearchObject {
  const tags = ['  throttling:', '    fields: [dest, user]', '    period: 86400s', '  atomic_guid:', '  - 3b8f3d54-0b2c-4c1a-9f1e-6a5d4c3b2a10'].join('\n');
  return renderEscuDetection(detection({ type: 'TTP', tags }), deployment('TTP', ALL_ACTIONS), { app: APP, owner: 'nobody', target: 'splunk' });
}
