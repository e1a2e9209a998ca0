/**
 * Finding a class on the room's network by DNS-SD (multicast DNS), so a trainee can pick it
 * instead of typing the address. Optional: multicast does not cross every network, and a typed
 * address always works. What is announced is public (protocol version, class id, a name, the
 * port); an announcement proves nothing, the handshake does.
 */
import { Bonjour, type Service } from 'bonjour-service';
import { identifierSchema, protocolVersion } from './protocol';

/** The DNS-SD service type: `_casefile-live._tcp`. */
export const serviceType = 'casefile-live';

export interface ClassAnnouncement {
  classId: string;
  /** What trainees see in the list, e.g. "Room 2 — border checks". */
  name: string;
  port: number;
}

/** A class found on the network. Its fields came from the network: shown, never trusted. */
export interface DiscoveredClass {
  classId: string;
  name: string;
  host: string;
  addresses: string[];
  port: number;
}

const nameLength = 60;

function cleanName(text: string): string {
  // Drops control and formatting characters (bidirectional overrides among them) from a name
  // anyone on the network can choose.
  return text
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, nameLength);
}

/** Announces a class until `stop` is called. */
export function announceClass(announcement: ClassAnnouncement): { stop(): Promise<void> } {
  const bonjour = new Bonjour();
  const name = cleanName(announcement.name) || 'Casefile';
  bonjour.publish({
    name: `${name} · ${announcement.classId.slice(0, 6)}`,
    type: serviceType,
    port: announcement.port,
    txt: { v: String(protocolVersion), class: announcement.classId, name },
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
      }),
  };
}

/** Reads an announcement, or returns undefined when it is not a class this build can join. */
export function readAnnouncement(
  service: Pick<Service, 'txt' | 'host' | 'addresses' | 'port' | 'name'>,
): DiscoveredClass | undefined {
  const txt = (service.txt ?? {}) as Record<string, unknown>;
  // bonjour-service reads TXT values as strings (numbers when they look like one).
  const version = typeof txt.v === 'string' || typeof txt.v === 'number' ? String(txt.v) : '';
  const classId = identifierSchema.safeParse(txt.class);
  if (version !== String(protocolVersion) || !classId.success) return undefined;
  if (!Number.isInteger(service.port) || service.port < 1 || service.port > 65_535)
    return undefined;
  const addresses = (service.addresses ?? []).filter(
    (address) => typeof address === 'string' && /^[0-9a-fA-F.:]{2,45}$/.test(address),
  );
  return {
    classId: classId.data,
    name: cleanName(typeof txt.name === 'string' ? txt.name : service.name),
    host: cleanName(service.host),
    addresses,
    port: service.port,
  };
}

/** Watches for classes; the listener gets the whole current list at each change. */
export function browseClasses(onChange: (classes: DiscoveredClass[]) => void): {
  list(): DiscoveredClass[];
  stop(): Promise<void>;
} {
  const bonjour = new Bonjour();
  const found = new Map<string, DiscoveredClass>();
  const browser = bonjour.find({ type: serviceType });
  const changed = (): void => onChange([...found.values()]);
  browser.on('up', (service) => {
    const read = readAnnouncement(service);
    if (!read) return;
    found.set(service.fqdn, read);
    changed();
  });
  browser.on('down', (service) => {
    if (found.delete(service.fqdn)) changed();
  });
  return {
    list: () => [...found.values()],
    stop: () =>
      new Promise<void>((resolve) => {
        browser.stop();
        bonjour.destroy(() => resolve());
      }),
  };
}
