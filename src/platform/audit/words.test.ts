// The trail in plain words: each kind of actor as a person would say it, and codes nobody has
// named yet shown as they are rather than hidden.
import { describe, expect, it } from 'vitest';
import { actionName, actorName } from './words.js';

describe('audit trail words', () => {
  it('names actors: staff by name, client systems, residents (anonymous unless they named themselves), the system', () => {
    expect(actorName('staff', 'Priya Shah')).toBe('Priya Shah');
    expect(actorName('client', 'FixMyStreet')).toBe('FixMyStreet (client system)');
    expect(actorName('resident', 'resident (tracking page)')).toBe('Resident (anonymous)');
    expect(actorName('resident', 'ann@example.com')).toBe('Resident: ann@example.com');
    expect(actorName('system', 'CharterDesk')).toBe('CharterDesk (automatic)');
    expect(actorName('cli', 'command line (root)')).toBe('Command line: root');
    expect(actorName('anonymous', 'someone@example.com')).toBe('Someone not signed in (as someone@example.com)');
  });

  it('says what happened in plain words, and shows an unknown code as it is', () => {
    expect(actionName('customer.viewed')).toBe('Viewed customer record');
    expect(actionName('case.viewed')).toBe('Viewed a case');
    expect(actionName('something.new')).toBe('something.new');
  });
});
