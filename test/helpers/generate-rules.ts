// Many distinct Sigma rules, for fault and scale tests: rule i matches its own process name.
export function generatedRules(count: number, offset = 0): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = offset; i < offset + count; i++) {
    const hex = i.toString(16).padStart(12, '0');
    files[`rules/generated/rule_${String(i).padStart(5, '0')}.yml`] = `title: Generated rule ${i}
id: 00000000-0000-4000-8000-${hex}
status: test
level: medium
logsource: {category: process_creation, product: windows}
detection:
    selection:
        Image|endswith: '\\\\tool${i}.exe'
        CommandLine|contains: '-flag${i}'
    condition: selection
`;
  }
  return files;
}
