// The `ip` field type's values: IPv4 and IPv6 addresses as one 128-bit number each, IPv4 mapped
// into ::ffff:0:0/96 as IpFieldMapper stores them (InetAddressPoint), so ranges and CIDR blocks
// compare numerically. `a.b.c.d/n` and `x::/n` are IpFieldMapper.IpFieldType.termQuery's CIDR form.
import { isIP } from 'node:net';

const V4_MAPPED = 0xffffn << 32n;

/** The address as a 128-bit number, or undefined when `text` is not an IP literal. */
export function parseIp(text: string): bigint | undefined {
  const kind = isIP(text);
  if (kind === 4) return V4_MAPPED | ipv4(text);
  if (kind !== 6) return undefined;
  let address = text.split('%')[0];
  // An IPv6 address may end in dotted IPv4 (::ffff:1.2.3.4): turn it into two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    const v4 = ipv4(dotted[1]);
    address = address.slice(0, -dotted[1].length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** `address/prefix` as the inclusive range of addresses it covers, or undefined when malformed. */
export function parseCidr(text: string): { low: bigint; high: bigint } | undefined {
  const slash = text.lastIndexOf('/');
  const address = parseIp(text.slice(0, slash));
  const prefix = Number(text.slice(slash + 1));
  if (address === undefined || !/^\d+$/.test(text.slice(slash + 1))) return undefined;
  // An IPv4 prefix counts within the last 32 bits.
  const bits = isIP(text.slice(0, slash)) === 4 ? prefix + 96 : prefix;
  if (bits > 128 || (isIP(text.slice(0, slash)) === 4 && prefix > 32)) return undefined;
  const hostMask = (1n << BigInt(128 - bits)) - 1n;
  return { low: address & ~hostMask, high: address | hostMask };
}

function ipv4(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}
