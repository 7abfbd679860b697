// Loopback stand-ins for the Elasticsearch Watcher and Splunk REST APIs (docs/sandbox.md).
export { startSandbox, type Sandbox, type SandboxOptions, type SandboxSeedSavedSearch } from './start-sandbox.js';
export { CREDENTIAL_ENV, DEFAULT_CREDENTIALS, encodeApiKey, resolveCredentials, type SandboxCredentials, type CredentialOverrides } from './credentials.js';
export { FAULT_KINDS, parseFaultKinds, type FaultKind } from './faults.js';
export type { RequestLogEntry } from './request-log.js';
export type { TargetName } from './http/exchange.js';
