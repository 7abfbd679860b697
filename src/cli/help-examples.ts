// The examples at the end of every command's --help, in one table (command path → what each does
// and the command line), so that a test can hold every command to having them.
import type { Command } from 'commander';

export const EXAMPLES: Record<string, [what: string, command: string][]> = {
  detctl: [
    ['check every rule under rules/', 'detctl validate'],
    ['check the rules against their sample events', 'detctl test'],
    ['print a rule as a Splunk search', 'detctl convert --to spl rules/sigma/x.yml'],
    ['what a deploy would change', 'detctl plan --env staging'],
    ['plan, confirm, apply, record a release', 'detctl deploy --env staging'],
    ['no colours on a terminal (they are off anyway where stdout is not one)', 'NO_COLOR=1 detctl plan --env prod'],
  ],
  validate: [
    ['every rule under rules/', 'detctl validate'],
    ['some files and folders', 'detctl validate rules/sigma/x.yml rules/escu/'],
    ['problems only, for CI', 'detctl validate --quiet || exit 1'],
  ],
  test: [
    ['every rule with tests: Sigma, Lucene and SPL without mappings', 'detctl test'],
    ["the queries an environment's targets would deploy", 'detctl test --env prod'],
    ['JUnit XML for CI, the text report in the log', 'detctl test --env prod --format junit --out test-report.xml'],
    ['some rules only', 'detctl test rules/sigma/x.yml'],
  ],
  convert: [
    ['Lucene query_string queries', 'detctl convert --to lucene rules/sigma/'],
    ['wildcard terms on .keyword fields', 'detctl convert --to lucene --keyword-suffix .keyword rules/sigma/'],
    ['match regardless of case on keyword fields', 'detctl convert --to lucene --case-insensitive rules/sigma/'],
    ['SPL with Splunk field names', 'detctl convert --to spl --mapping splunk_windows rules/sigma/x.yml'],
    ['one JSON object per rule', 'detctl convert --to spl --format jsonl rules/ > queries.jsonl'],
    ['both languages, one parse', 'detctl convert --to lucene,spl --format jsonl rules/ > queries.jsonl'],
  ],
  build: [
    ['write the watches and saved searches as files', 'detctl build --env staging --out build/'],
  ],
  plan: [
    ['the changes, as text', 'detctl plan --env staging'],
    ['for a pull request comment', 'detctl plan --env prod --format markdown'],
    ['save it for `deploy --plan plan.json`', 'detctl plan --env prod --out plan.json'],
    ['exit 2 when there are changes (drift checks)', 'detctl plan --env prod --detailed-exitcode'],
    ["the rules' tests first; no plan when one fails", 'detctl plan --env prod --test'],
  ],
  deploy: [
    ['plan, ask, apply, record a release', 'detctl deploy --env staging'],
    ['apply a reviewed plan, refused if stale', 'detctl deploy --env prod --plan plan.json --yes'],
    ['the plan only, nothing changed', 'detctl deploy --env staging --dry-run'],
    ['no prompt; plan and result as JSON', 'detctl deploy --env ci --yes --format json'],
    ["refuse when a rule fails its tests", 'detctl deploy --env prod --test --yes'],
  ],
  import: [
    ["every object of the environment's targets detctl does not own, as files under rules/imported/", 'detctl import --env prod'],
    ['one target, some watches, into a folder of choice', "detctl import --env prod --target elastic --select 'soc-*' --out rules/legacy"],
  ],
  rollback: [
    ['back to the release before the current one', 'detctl rollback --env prod'],
    ['what restoring release ID would change (ids: `detctl releases`)', 'detctl rollback --env prod --to ID --dry-run'],
  ],
  releases: [
    ['the releases, newest last', 'detctl releases --env prod'],
    ['the same as JSON', 'detctl releases --env prod --format json'],
    ['one release and what it changed', 'detctl releases show ID --env prod'],
  ],
  'releases show': [
    ['one release and what it changed', 'detctl releases show ID --env prod'],
    ['the same as JSON', 'detctl releases show ID --env prod --format json'],
  ],
  demo: [
    ['the whole flow on stand-in servers, in a temporary copy of the example project', 'detctl demo'],
  ],
  sandbox: [
    ['Elasticsearch on :9200, Splunk on :8089', 'detctl sandbox'],
    ['free ports (printed on start)', 'detctl sandbox --es-port 0 --splunk-port 0'],
    ['keep the objects across restarts', 'detctl sandbox --state sandbox.json'],
    ['inject faults, the same ones each run', 'detctl sandbox --fault-rate 0.2 --fault-seed 7'],
  ],
};

/** The command's path below the program: 'releases show'; 'detctl' for the program itself. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.length > 0 ? names.join(' ') : command.name();
}

/** Adds the examples after the help of the program and each of its commands. */
export function addExamples(command: Command): void {
  const examples = EXAMPLES[commandPath(command)];
  if (examples) command.addHelpText('after', `\nExamples:\n${examples.map(([what, line]) => `  # ${what}\n  ${line}`).join('\n')}\n`);
  for (const sub of command.commands) addExamples(sub);
}
