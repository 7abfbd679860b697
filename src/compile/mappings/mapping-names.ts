// The names of the field mappings, without their data: what the command line offers (`convert
// --mapping`) without loading the mappings. apply-mapping.ts holds a mapping under each name.
export type MappingName = 'ecs_windows' | 'splunk_windows';
export const MAPPING_NAMES: MappingName[] = ['ecs_windows', 'splunk_windows'];
