// IP addresses and CIDR blocks, for terms on ip fields: Elasticsearch's IpFieldMapper turns a
// term containing `/` into a range over the block (InetAddresses.parseCidr), and compares
// addresses, not their spellings. The evaluator knows no mapping, so a value that parses as an
// address is taken to be on an ip field.

interface Address {
  bits: bigint;
  width: 32 | 128;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  let head = text;
  let tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const [left, right] = [groups(halves[0]), groups(halves[1] ?? '')];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  let bits = all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (tailV4 !== undefined) bits = (bits & ~0xffffffffn) | tailV4;
  return bits;
}

export function parseIp(text: string): Address | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { bits: v4, width: 32 };
  const v6 = text.includes(':') ? parseIpv6(text) : undefined;
  return v6 === undefined ? undefined : { bits: v6, width: 128 };
}

/** `network/prefix`, or undefined when the text is not a CIDR block. */
export function parseCidr(text: string): { network: Address; prefix: number } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const network = parseIp(text.slice(0, slash));
  const prefix = /^[0-9]{1,3}$/.test(text.slice(slash + 1)) ? Number(text.slice(slash + 1)) : NaN;
  if (!network || !(prefix <= network.width)) return undefined;
  return { network, prefix };
}

export function cidrContains(cidr: { network: Address; prefix: number }, address: Address): boolean {
  if (cidr.network.width !== address.width) return false;
  const shift = BigInt(address.width - cidr.prefix);
  return address.bits >> shift === cidr.network.bits >> shift;
}
