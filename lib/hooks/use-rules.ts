'use client';

import useSWR from 'swr';
import type { RuleDto, RuleInput, RuleListDto } from '@/lib/mail/types';
import { sendJson } from './api-client';
import { RULES_KEY } from './keys';

/** Rules in the order they run, with a rule moved one place (what the server will answer). */
export function movedRules(rules: RuleDto[], id: string, direction: 'up' | 'down'): RuleDto[] {
  const at = rules.findIndex((r) => r.id === id);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (at === -1 || to < 0 || to >= rules.length) return rules;
  const next = [...rules];
  const [moving] = next.splice(at, 1);
  if (moving) next.splice(to, 0, moving);
  return next.map((rule, i) => ({ ...rule, sequence: i + 1 }));
}

/**
 * The Inbox rules (GET /api/rules) and what the settings screen does to them. Turning a rule on or off,
 * deleting and reordering show at once and roll back if Microsoft 365 refuses; each call throws the API's
 * error for the screen to say.
 */
export function useRules() {
  const query = useSWR<RuleListDto>(RULES_KEY, { revalidateOnFocus: false });
  const rules = query.data?.rules;

  /** Shows `optimistic` while `change` runs; the server's answer (or a re-read) replaces it. */
  const withRollback = async (optimistic: RuleDto[], change: () => Promise<RuleDto[] | undefined>) => {
    const before = query.data;
    await query.mutate({ rules: optimistic }, { revalidate: false });
    try {
      const after = await change();
      if (after) await query.mutate({ rules: after }, { revalidate: false });
      else await query.mutate();
    } catch (error) {
      await query.mutate(before, { revalidate: true });
      throw error;
    }
  };

  return {
    rules,
    error: query.error as unknown,
    isLoading: query.isLoading,
    reload: () => query.mutate(),
    create: async (input: RuleInput) => {
      const created = await sendJson<RuleDto>(RULES_KEY, 'POST', input);
      await query.mutate();
      return created;
    },
    update: async (id: string, input: Partial<RuleInput>) => {
      const updated = await sendJson<RuleDto>(`${RULES_KEY}/${encodeURIComponent(id)}`, 'PATCH', input);
      await query.mutate(
        (current) => current && { rules: current.rules.map((r) => (r.id === id ? updated : r)) },
        { revalidate: false },
      );
      return updated;
    },
    setEnabled: (rule: RuleDto, enabled: boolean) => {
      const shown = (rules ?? []).map((r) => (r.id === rule.id ? { ...r, enabled } : r));
      return withRollback(shown, async () => {
        const updated = await sendJson<RuleDto>(`${RULES_KEY}/${encodeURIComponent(rule.id)}`, 'PATCH', {
          enabled,
        });
        return shown.map((r) => (r.id === rule.id ? updated : r));
      });
    },
    remove: (rule: RuleDto) =>
      withRollback(
        (rules ?? []).filter((r) => r.id !== rule.id),
        async () => {
          await sendJson(`${RULES_KEY}/${encodeURIComponent(rule.id)}`, 'DELETE');
          return undefined;
        },
      ),
    move: (rule: RuleDto, direction: 'up' | 'down') =>
      withRollback(movedRules(rules ?? [], rule.id, direction), async () => {
        const answer = await sendJson<RuleListDto>(
          `${RULES_KEY}/${encodeURIComponent(rule.id)}/move`,
          'POST',
          { direction },
        );
        return answer.rules;
      }),
  };
}
