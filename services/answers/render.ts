import { answerPlaceholders, PLACEHOLDER_PATTERN, type AnswerPlaceholder, type BackOfficePanel, type RenderedAnswer } from '../contracts';

export type AnswerContext = Readonly<{
  customerName: string | null;
  agentName: string | null;
  queueName: string | null;
  /** Back-office panels of the customer (latest order first wins). */
  backOffice: readonly BackOfficePanel[];
}>;

const firstName = (name: string | null): string | null => name?.trim().split(/\s+/)[0] || null;

function latestOrder(panels: readonly BackOfficePanel[]): string | null {
  const orders = panels.flatMap((p) => (p.state === 'ok' ? p.items.filter((i) => i.kind === 'order') : []));
  orders.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  return orders[0]?.ref ?? null;
}

function valueOf(name: AnswerPlaceholder, ctx: AnswerContext): string | null {
  switch (name) {
    case 'customer.name':
      return ctx.customerName;
    case 'customer.firstName':
      return firstName(ctx.customerName);
    case 'agent.name':
      return ctx.agentName;
    case 'agent.firstName':
      return firstName(ctx.agentName);
    case 'queue.name':
      return ctx.queueName;
    case 'order.number':
      return latestOrder(ctx.backOffice);
  }
}

/**
 * Fills a body's placeholders. One with no value stays visible as `[the customer's first name]` and is listed
 * in `missing`, so the agent fills it in before sending instead of sending "Dear ,".
 */
export function renderAnswer(body: string, ctx: AnswerContext): RenderedAnswer {
  const missing = new Set<string>();
  const text = body.replace(PLACEHOLDER_PATTERN, (whole, raw: string) => {
    if (!(raw in answerPlaceholders)) return whole;
    const name = raw as AnswerPlaceholder;
    const value = valueOf(name, ctx);
    if (value) return value;
    missing.add(answerPlaceholders[name]);
    return `[${answerPlaceholders[name]}]`;
  });
  return { text, missing: [...missing] };
}
