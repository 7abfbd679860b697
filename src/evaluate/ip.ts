// IP addresses and CIDR blocks, as all three evaluators compare them: Elasticsearch's ip fields
// (IpFieldMapper: a term with `/` is a range over the block, addresses compare as addresses, not
// spellings), Splunk's search and `cidrmatch` ("The search command supports IPv4 and IPv6
// addresses and subnets that use CIDR notation"), and Sigma's `|cidr` (sigma-appendix-modifiers.md,
// "IP Modifiers"). node:net's BlockList does the prefix arithmetic for both IP versions; an address
// of the other version is never in a block.
import { BlockList, isIP } from 'node:net';

type Family = 'ipv4' | 'ipv6';

const familyOf = (text: string): Family | undefined => ({ 4: 'ipv4', 6: 'ipv6' } as const)[isIP(text) as 4 | 6];

export const isAddress = (text: string): boolean => familyOf(text) !== undefined;

/** A test of text against the block `text` names (`10.0.0.0/8`, `fe80::/10`); undefined when it names none. */
export function subnetTest(block: string): ((text: string) => boolean) | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(block);
  const family = match ? familyOf(match[1]) : undefined;
  if (!match || !family || Number(match[2]) > (family === 'ipv4' ? 32 : 128)) return undefined;
  const list = new BlockList();
  list.addSubnet(match[1], Number(match[2]), family);
  return (text) => familyOf(text) === family && list.check(text, family);
}

/** Whether two texts are one address however written (`::1`, `0:0::1`); undefined unless both are addresses. */
export function sameAddress(a: string, b: string): boolean | undefined {
  const family = familyOf(a);
  if (!family || !familyOf(b)) return undefined;
  const list = new BlockList();
  list.addAddress(a, family);
  return familyOf(b) === family && list.check(b, family);
}
