import { describe, expect, it } from 'vitest';

import { writeSampleNetwork } from '../../src/cli/demo/sample-network.ts';
import { importFile } from '../../src/imports/import-file.ts';
import { openTestServices, tempDir } from '../helpers/store.ts';
import { contactByName, figures } from './support.ts';

describe('writeSampleNetwork', () => {
  it('writes files that import into a small network with a teammate as connector', async () => {
    const { services } = openTestServices();
    const files = writeSampleNetwork(tempDir());
    const linkedin = await importFile(services, files.mine[0]!);
    const cards = await importFile(services, files.mine[1]!);
    expect(linkedin).toMatchObject({ format: 'linkedin', created: 46, skipped: 0 });
    expect(cards).toMatchObject({ format: 'vcard', created: 0, merged: 9 });

    const [teammate] = files.teammates;
    const priya = await importFile(services, teammate!.path, { member: teammate!.member });
    expect(priya).toMatchObject({ created: 7, merged: 5 });
    expect(figures(services).contacts).toBe(53);

    // Priya was already one of your connections: her member record points at that contact.
    expect(priya.member.contactId).toBe(contactByName(services, 'Priya Raman')!.id);
    const elena = contactByName(services, 'Elena Vasquez')!;
    expect(JSON.parse(elena.tags)).toEqual(['Investors', 'Fintech']);
    expect(elena.notes).toMatch(/Leads fintech seed rounds/);
  });
});
