import type { CountryCode } from 'libphonenumber-js';
import { HubError, type AttributeValue, type customerCommands, type HubEventPayload, type MergeRecord } from '../contracts';
import type { CommandContext, HandlerTable } from '../hub/commands';
import { EVERYONE } from '../hub/push';
import { checkAttribute } from './attributes';
import { InvalidIdentityError } from '../identity/normalise';
import { mergeCustomers, unmergeCustomers } from '../identity/merge';
import {
  attributesOf,
  getIdentity,
  getProfile,
  getSuggestion,
  insertNote,
  listAttributeDefs,
  listMergesOf,
  listNotes,
  listSuggestions,
  requireLiveCustomer,
  setIdentityShared,
  updateCustomerRow,
  upsertAttributeDef,
} from '../identity/repo';
import { attachIdentity } from '../identity/resolve';
import { searchCustomerMessages, searchCustomers } from './search';
import { customersConfig } from './settings';
import { CUSTOMERS, type CustomersService } from './service';
import { resolveSuggestion } from '../identity/suggestions';
import { customerTimeline } from './timeline';

const region = (ctx: CommandContext) => ctx.config.defaultRegion as CountryCode;

const service = (ctx: CommandContext): CustomersService => ctx.services.require(CUSTOMERS);

/** Tells every connected desktop that these records changed (an open 360 view refreshes). */
function notify(ctx: CommandContext, event: HubEventPayload<'customer/changed'>): void {
  ctx.push.to(EVERYONE).emit('customer/changed', event);
}

/** Merges and unmerges in the audit log: who, which records, by which rule, and why. */
async function auditMerge(ctx: CommandContext, action: 'customer.merged' | 'customer.unmerged', merge: MergeRecord): Promise<void> {
  await ctx.audit.record(
    { kind: 'agent', agentId: ctx.agentId },
    {
      action,
      target: `customer:${merge.survivorId}`,
      detail: {
        mergeId: merge.id,
        survivorId: merge.survivorId,
        mergedId: merge.mergedId,
        rule: merge.rule,
        // An undo's own reason; the merge's is on its customer.merged entry.
        reason: action === 'customer.unmerged' ? merge.undoReason : merge.reason,
      },
    },
  );
}

/** Handlers for services/contracts/customers.ts; input is validated and the role checked by the socket layer. */
export const customerHandlers: HandlerTable<keyof typeof customerCommands> = {
  'customer/get': async (input, { store }) => {
    const customer = await getProfile(store, input.customerId);
    return {
      customer,
      notes: await listNotes(store, input.customerId),
      merges: await listMergesOf(store, input.customerId),
      suggestions: await listSuggestions(store, { status: 'open', customerId: input.customerId, limit: 20 }),
      attributeDefs: await listAttributeDefs(store),
    };
  },

  'customer/timeline': async (input, { store }) => {
    await getProfile(store, input.customerId);
    return customerTimeline(store, input);
  },

  'customer/search': async (input, ctx) => ({ hits: await searchCustomers(ctx.store, input.query, input.limit, region(ctx)) }),

  'customer/messageSearch': async (input, { store }) => ({
    hits: await searchCustomerMessages(store, input.customerId, input.query, input.limit),
  }),

  'customer/update': async (input, ctx) => {
    const defs = new Map((await listAttributeDefs(ctx.store)).map((d) => [d.key, d]));
    const issues: Array<{ path: string; message: string }> = [];
    const checked: Record<string, AttributeValue | null> = {};
    for (const [key, value] of Object.entries(input.attributes ?? {})) {
      const def = defs.get(key);
      if (!def) issues.push({ path: `attributes.${key}`, message: 'no such attribute is defined' });
      else if (value === null) checked[key] = null;
      else {
        const result = checkAttribute(def, value);
        if (result.ok) checked[key] = result.value;
        else issues.push({ path: `attributes.${key}`, message: result.reason });
      }
    }
    if (issues.length > 0) throw new HubError('invalid_input', 'invalid attribute values', issues);
    const at = ctx.now();
    await ctx.store.write(async (tx) => {
      const current = await requireLiveCustomer(tx, input.customerId);
      let attributes: Record<string, AttributeValue> | undefined;
      if (input.attributes) {
        attributes = attributesOf(current);
        for (const [k, v] of Object.entries(checked)) {
          if (v === null) delete attributes[k];
          else attributes[k] = v;
        }
      }
      const tags = input.tags ? [...new Set(input.tags)] : undefined;
      await updateCustomerRow(
        tx,
        input.customerId,
        { displayName: input.displayName, company: input.company === '' ? null : input.company, attributes, tags },
        at,
      );
    });
    notify(ctx, { customerIds: [input.customerId], reason: 'updated' });
    return getProfile(ctx.store, input.customerId);
  },

  'customer/merge': async (input, ctx) => {
    const merge = await ctx.store.write(async (tx) => {
      if (input.suggestionId !== undefined) {
        const suggestion = await getSuggestion(tx, input.suggestionId);
        const pair = [suggestion?.customerA.id, suggestion?.customerB.id];
        if (!suggestion || !pair.includes(input.survivorId) || !pair.includes(input.mergedId)) {
          throw new HubError(
            'invalid_input',
            `suggestion ${input.suggestionId} is not about customers ${input.survivorId} and ${input.mergedId}`,
          );
        }
      }
      return mergeCustomers(tx, {
        survivorId: input.survivorId,
        mergedId: input.mergedId,
        byAgentId: ctx.agentId,
        rule: null,
        reason: input.reason,
        at: ctx.now(),
      });
    });
    notify(ctx, { customerIds: [merge.survivorId, merge.mergedId], reason: 'merged' });
    await auditMerge(ctx, 'customer.merged', merge);
    return merge;
  },

  'customer/unmerge': async (input, ctx) => {
    const merge = await ctx.store.write((tx) =>
      unmergeCustomers(tx, { mergeId: input.mergeId, byAgentId: ctx.agentId, reason: input.reason, at: ctx.now() }),
    );
    notify(ctx, { customerIds: [merge.survivorId, merge.mergedId], reason: 'unmerged' });
    await auditMerge(ctx, 'customer.unmerged', merge);
    return { merge, survivor: await getProfile(ctx.store, merge.survivorId), restored: await getProfile(ctx.store, merge.mergedId) };
  },

  'customer/suggestions': async (input, { store }) => listSuggestions(store, input),

  'customer/dismissSuggestion': async (input, ctx) =>
    ctx.store.write((tx) => resolveSuggestion(tx, input.suggestionId, 'dismissed', ctx.agentId, ctx.now())),

  'customer/addNote': async (input, ctx) => {
    const note = await ctx.store.write(async (tx) => {
      await requireLiveCustomer(tx, input.customerId);
      return insertNote(tx, input.customerId, ctx.agentId, input.body, ctx.now());
    });
    notify(ctx, { customerIds: [input.customerId], reason: 'note' });
    return note;
  },

  'customer/addIdentity': async (input, ctx) => {
    const { autoMergeOn } = customersConfig(ctx.config);
    try {
      const result = await ctx.store.write(async (tx) => {
        await requireLiveCustomer(tx, input.customerId);
        return attachIdentity(tx, input.customerId, input.kind, input.value, ctx.now(), {
          defaultRegion: region(ctx),
          autoMergeOn,
          context: `an agent gave customer #${input.customerId}`,
          byAgentId: ctx.agentId,
        });
      });
      notify(ctx, {
        customerIds: result.merge ? [result.merge.survivorId, result.merge.mergedId] : [input.customerId],
        reason: result.merge ? 'merged' : 'identity',
      });
      // An identity the agent added that another record already had: merged by the configured rule.
      if (result.merge) await auditMerge(ctx, 'customer.merged', result.merge);
      return result;
    } catch (error) {
      if (error instanceof InvalidIdentityError)
        throw new HubError('invalid_input', error.message, [{ path: 'value', message: error.message }]);
      throw error;
    }
  },

  'customer/markShared': async (input, ctx) => {
    const identity = await ctx.store.write(async (tx) => {
      const found = await getIdentity(tx, input.identityId);
      if (!found) throw new HubError('not_found', `identity ${input.identityId} not found`);
      await setIdentityShared(tx, input.identityId, input.shared);
      return { ...found, shared: input.shared };
    });
    notify(ctx, { customerIds: [identity.customerId], reason: 'identity' });
    const { customerId: _c, ...rest } = identity;
    return rest;
  },

  'customer/attributeDefs': async (_input, { store }) => listAttributeDefs(store),

  'customer/attributeDefine': async (input, { store, now }) => {
    await store.write((tx) => upsertAttributeDef(tx, input, now()));
    const saved = (await listAttributeDefs(store)).find((d) => d.key === input.key);
    if (!saved) throw new Error('attribute definition lost');
    return saved;
  },

  'customer/importStart': async (input, ctx) => ({ jobId: await service(ctx).imports.start(ctx.agentId, input) }),

  'customer/importLimits': async (_input, ctx) => ({ maxBytes: service(ctx).maxImportBytes }),

  'customer/importStatus': async (input, ctx) => service(ctx).imports.status(input.jobId),

  'customer/backOffice': async (input, ctx) => {
    const profile = await getProfile(ctx.store, input.customerId);
    return { panels: await service(ctx).backOffice.panels({ id: profile.id, identities: profile.identities }, input.refresh) };
  },
};
