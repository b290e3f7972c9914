import { describe, expect, it } from 'vitest';
import { movedRules } from '@/lib/hooks/use-rules';
import type { FolderDto, RuleDto } from '@/lib/mail/types';
import { actionsText, conditionsText, draftOf, EMPTY_DRAFT, inputOf, splitList } from './rules-format';

const rule = (patch: Partial<RuleDto> = {}): RuleDto => ({
  id: 'r1',
  name: 'Invoices',
  sequence: 1,
  enabled: true,
  hasError: false,
  readOnly: false,
  conditions: {
    fromAddresses: ['billing@fabrikam.test'],
    subjectContains: ['invoice'],
    sentToMe: false,
    hasAttachments: true,
  },
  actions: {
    moveToFolder: 'f-projects',
    markAsRead: true,
    assignCategories: ['Finance'],
    delete: false,
    forwardTo: [],
    stopProcessingRules: true,
  },
  otherConditions: [],
  otherActions: [],
  ...patch,
});

const folders = [{ id: 'f-projects', name: 'Projects' }] as FolderDto[];

describe('the rule form', () => {
  it('splits typed lists on commas, semicolons and new lines, each item once', () => {
    expect(splitList(' a@x.test, b@x.test;\nA@x.test ,, ')).toEqual(['a@x.test', 'b@x.test']);
  });

  it('turns a rule into fields and back without change', () => {
    const checked = inputOf(draftOf(rule()));
    expect(checked).toEqual({
      ok: true,
      input: { name: 'Invoices', enabled: true, conditions: rule().conditions, actions: rule().actions },
    });
  });

  it('says what is missing or wrong, in words', () => {
    const named = { ...EMPTY_DRAFT, name: 'X' };
    expect(inputOf(EMPTY_DRAFT)).toEqual({ ok: false, problem: 'Give the rule a name.' });
    expect(inputOf({ ...named, markAsRead: true })).toMatchObject({
      problem: expect.stringMatching(/at least one condition/),
    });
    expect(inputOf({ ...named, sentToMe: true })).toMatchObject({ problem: 'Choose at least one action.' });
    expect(inputOf({ ...named, from: 'not-an-address', markAsRead: true })).toMatchObject({
      problem: '“not-an-address” is not an email address.',
    });
    expect(inputOf({ ...named, sentToMe: true, moveToFolder: 'f', delete: true })).toMatchObject({
      problem: expect.stringMatching(/either Move to folder or Delete/),
    });
    // Conditions and actions set in Outlook count.
    expect(inputOf(named, { conditions: 1, actions: 1 })).toMatchObject({ ok: true });
  });
});

describe('the rule list', () => {
  it('says what a rule does', () => {
    expect(conditionsText(rule())).toBe(
      'From billing@fabrikam.test · Subject contains “invoice” · Has an attachment',
    );
    expect(actionsText(rule(), folders)).toBe(
      'Move to Projects · Mark as read · Categorize Finance · Stop processing more rules',
    );
    expect(actionsText(rule(), [])).toMatch(/^Move to a folder that is no longer there/);
    expect(
      conditionsText(
        rule({
          otherConditions: ['importance'],
          conditions: { fromAddresses: [], subjectContains: [], sentToMe: true, hasAttachments: false },
        }),
      ),
    ).toBe('Sent to me · 1 more set in Outlook');
  });

  it('moves a rule one place and numbers them again, as the server will', () => {
    const list = ['a', 'b', 'c'].map((id, i) => rule({ id, sequence: i + 1 }));
    expect(movedRules(list, 'c', 'up').map((r) => [r.id, r.sequence])).toEqual([
      ['a', 1],
      ['c', 2],
      ['b', 3],
    ]);
    expect(movedRules(list, 'a', 'up')).toBe(list);
    expect(movedRules(list, 'c', 'down')).toBe(list);
  });
});
