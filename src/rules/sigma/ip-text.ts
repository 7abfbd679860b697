// node:net's isIP, by hand. `|cidr` checks the network of every CIDR value with it, and node:net's
// IPv6 check is one large regex (lib/internal/net.js, IPv6Reg) that V8 compiles the first time an
// address is not IPv4: ~10–30 ms of a convert over SigmaHQ, which has a few IPv6 networks, more
// than all the CIDR values cost otherwise. This accepts exactly what those regexes accept
// (test/unit/ip-text.test.ts holds it to node:net over generated addresses):
//   IPv4Reg: four decimal parts 0–255, no leading zero, separated by `.`;
//   IPv6Reg: eight groups of 1–4 hex digits separated by `:`, or fewer with one `::` standing for
//   at least one group (at most seven written), the last two groups possibly written as an IPv4
//   address; then optionally a zone, `%` and one or more of [0-9a-zA-Z-.:].

/** 4 or 6 for an IPv4 or IPv6 address, 0 for anything else: net.isIP(text). */
export function ipVersion(text: string): 0 | 4 | 6 {
  if (isIPv4Text(text, 0, text.length)) return 4;
  return isIPv6Text(text) ? 6 : 0;
}

const COLON = 0x3a;
const DOT = 0x2e;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function isZoneChar(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x2d || c === DOT || c === COLON;
}

/** Whether text[from, to) is a dotted IPv4 address as IPv4Reg has it. */
function isIPv4Text(text: string, from: number, to: number): boolean {
  let i = from;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= to || text.charCodeAt(i) !== DOT) return false;
      i++;
    }
    const start = i;
    let value = 0;
    while (i < to && i - start < 4 && isDigit(text.charCodeAt(i))) value = value * 10 + text.charCodeAt(i++) - 0x30;
    const digits = i - start;
    // One to three digits, no leading zero, at most 255.
    if (digits === 0 || digits > 3 || (digits > 1 && text.charCodeAt(start) === 0x30) || value > 255) return false;
  }
  return i === to;
}

function isIPv6Text(text: string): boolean {
  // The address cannot hold `%`, so the zone is everything after the first one.
  let end = text.indexOf('%');
  if (end >= 0) {
    if (end === text.length - 1) return false;
    for (let i = end + 1; i < text.length; i++) if (!isZoneChar(text.charCodeAt(i))) return false;
  } else {
    end = text.length;
  }
  let i = 0;
  let groups = 0;
  let compressed = false;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return false;
    compressed = true;
    i = 2;
  }
  while (i < end) {
    let hex = i;
    while (hex < end && isHex(text.charCodeAt(hex))) hex++;
    if (hex < end && text.charCodeAt(hex) === DOT) {
      // An IPv4 address ends the address: it is the last two groups.
      if (!isIPv4Text(text, i, end)) return false;
      groups += 2;
      break;
    }
    if (hex === i || hex - i > 4) return false;
    groups++;
    i = hex;
    if (i === end) break;
    if (text.charCodeAt(i) !== COLON) return false;
    i++;
    if (text.charCodeAt(i) === COLON && i < end) {
      if (compressed) return false;
      compressed = true;
      i++;
    } else if (i === end) {
      return false; // one `:` at the end
    }
  }
  return compressed ? groups <= 7 : groups === 8;
}
