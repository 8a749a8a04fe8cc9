import { readFileSync } from 'node:fs';
import type { IdentityService } from '../identity/index.ts';
import type { PolicyService } from '../policies/index.ts';
import { principalOf } from './seed-products.ts';

interface DemoPolicies { policies: Record<string, unknown>[] }

/**
 * The demo node's financing support policies (C13, src/data/policies/demo-policies.json, each with the seed it follows),
 * drafted and published by the demo operator on first start, so the public policy pages, the special sections and
 * the enterprise's 惠企政策 have something to show. Nothing happens when any policy exists. Returns how many.
 */
export async function seedDemoPolicies(services: { identity: IdentityService; policies: PolicyService }): Promise<number> {
  const operator = await principalOf(services.identity, 'operator');
  if (!operator) return 0;
  if ((await services.policies.list()).length > 0) return 0;
  const data = JSON.parse(readFileSync(new URL('../../data/policies/demo-policies.json', import.meta.url), 'utf8')) as DemoPolicies;
  for (const input of data.policies) {
    const draft = await services.policies.createDraft(operator, input);
    await services.policies.publish(operator, draft.policy_id, draft.version);
  }
  return data.policies.length;
}
