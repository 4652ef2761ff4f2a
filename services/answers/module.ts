import type { answerCommands } from '../contracts';
import type { HubModule } from '../hub/module';
import { answerHandlers } from './handlers';
import { migration0019 } from './migrations/0019-answers';

/** Canned responses: a shared library per queue kept by supervisors, and personal ones, for every composer. */
export function answersModule(): HubModule<keyof typeof answerCommands> {
  return { name: 'answers', migrations: [migration0019], handlers: answerHandlers, setup: () => ({ enabled: true }) };
}
