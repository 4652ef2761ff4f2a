import type { z } from 'zod';

type Spec = Readonly<{ input: z.ZodType }>;
type Envelope = { name: string; input?: unknown };

export type Reply<E> = { ok: true; data: unknown } | { ok: false; error: E };

/** A handler per command name, its input typed by the command's schema. */
export type Handlers<T extends Readonly<Record<string, Spec>>, Ctx> = {
  readonly [N in keyof T]?: (input: z.output<T[N]['input']>, ctx: Ctx) => Promise<unknown>;
};

export type DispatchOptions<T extends Readonly<Record<string, Spec>>, Ctx, E> = Readonly<{
  commands: T;
  handlers: Handlers<T, Ctx>;
  envelope: z.ZodType<Envelope>;
  /** After the name is known, before its input is parsed (roles, rate limits): an error refuses the command. */
  admit?(name: keyof T & string, ctx: Ctx): E | null;
  refuse: Readonly<{
    envelope(error: z.ZodError): E;
    unknown(name: string): E;
    input(name: string, error: z.ZodError): E;
    /** The command exists but no handler serves it here (a module this hub does not run). */
    unserved(name: string): E;
  }>;
  /** A thrown error the client should see as it is; undefined for anything else (logged, answered `internal`). */
  known(error: unknown): E | undefined;
  internal: E;
  log(error: unknown, name: string | undefined): void;
}>;

/**
 * One command dispatcher for every socket namespace (agents, web visitors): envelope, name, admission,
 * input schema, handler, and every failure as a typed reply. Nothing a client sends can throw out of it.
 */
export function commandDispatcher<T extends Readonly<Record<string, Spec>>, Ctx, E>(
  o: DispatchOptions<T, Ctx, E>,
): (envelope: unknown, ctx: Ctx) => Promise<Reply<E>> {
  const fail = (error: E): Reply<E> => ({ ok: false, error });
  return async (envelope, ctx) => {
    let name: string | undefined;
    try {
      const parsedEnvelope = o.envelope.safeParse(envelope);
      if (!parsedEnvelope.success) return fail(o.refuse.envelope(parsedEnvelope.error));
      name = parsedEnvelope.data.name;
      if (!Object.hasOwn(o.commands, name)) return fail(o.refuse.unknown(name.slice(0, 64)));
      const known = name as keyof T & string;
      const refused = o.admit?.(known, ctx) ?? null;
      if (refused !== null) return fail(refused);
      const spec = o.commands[known] as Spec;
      const parsed = spec.input.safeParse(parsedEnvelope.data.input ?? {});
      if (!parsed.success) return fail(o.refuse.input(known, parsed.error));
      const handler = o.handlers[known] as ((input: unknown, ctx: Ctx) => Promise<unknown>) | undefined;
      if (!handler) return fail(o.refuse.unserved(known));
      return { ok: true, data: await handler(parsed.data, ctx) };
    } catch (error) {
      const shown = o.known(error);
      if (shown !== undefined) return fail(shown);
      o.log(error, name);
      return fail(o.internal);
    }
  };
}
