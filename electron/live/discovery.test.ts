import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { announceClass, browseClasses, readAnnouncement, type DiscoveredClass } from './discovery';
import { waitFor } from './testing';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('discovery', () => {
  it('finds an announced class by multicast DNS, and sees it leave', async () => {
    const classId = randomBytes(8).toString('hex');
    let seen: DiscoveredClass[] = [];
    const browser = browseClasses((classes) => (seen = classes));
    cleanups.push(() => browser.stop());
    const announcement = announceClass({ classId, name: 'Room 2 — border checks', port: 41999 });
    await waitFor(
      () => seen.some((entry) => entry.classId === classId),
      'the announcement',
      10_000,
    );
    const found = seen.find((entry) => entry.classId === classId)!;
    expect(found).toMatchObject({ name: 'Room 2 — border checks', port: 41999 });
    expect(found.addresses.length).toBeGreaterThan(0);
    await announcement.stop();
    await waitFor(() => !seen.some((entry) => entry.classId === classId), 'the goodbye', 10_000);
  });

  it('reads only announcements of this protocol, and cleans what it shows', () => {
    const service = {
      name: 'x',
      host: 'station.local',
      port: 41770,
      addresses: ['192.0.2.7', '<script>'],
      txt: { v: '1', class: 'abc123', name: 'Room\u202e 2\u0007' },
    };
    expect(readAnnouncement(service)).toEqual({
      classId: 'abc123',
      name: 'Room 2',
      host: 'station.local',
      addresses: ['192.0.2.7'],
      port: 41770,
    });
    expect(readAnnouncement({ ...service, txt: { ...service.txt, v: '2' } })).toBeUndefined();
    expect(readAnnouncement({ ...service, txt: { v: '1', class: 'a b' } })).toBeUndefined();
    expect(readAnnouncement({ ...service, port: 0 })).toBeUndefined();
  });
});
