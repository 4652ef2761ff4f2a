import type { CannedResponse, ChannelKind } from '../contracts';
import { parseJson } from '../store/repos/json';
import { sql } from '../store/sql';
import type { Connection, Store } from '../store/store';

type Reader = Pick<Connection, 'get' | 'all'>;

type DbAnswer = {
  id: number;
  scope: 'shared' | 'personal';
  queue_id: string | null;
  owner_agent_id: number | null;
  title: string;
  shortcut: string;
  body: string;
  channels: string;
  updated_at: number;
};

function toAnswer(r: DbAnswer): CannedResponse {
  return {
    id: r.id,
    scope: r.scope,
    queueId: r.queue_id,
    ownerAgentId: r.owner_agent_id,
    title: r.title,
    shortcut: r.shortcut,
    body: r.body,
    channels: parseJson<ChannelKind[]>(r.channels, []),
    updatedAt: r.updated_at,
  };
}

/** Every shared answer and the caller's own, shortcut order (the list is small: a library, not a log). */
export async function listVisibleAnswers(db: Reader, agentId: number): Promise<CannedResponse[]> {
  const rows = await db.all<DbAnswer>(sql`
    SELECT * FROM canned_response WHERE scope = 'shared' OR owner_agent_id = ${agentId} ORDER BY shortcut, id`);
  return rows.map(toAnswer);
}

export async function getAnswer(db: Reader, id: number): Promise<CannedResponse | undefined> {
  const row = await db.get<DbAnswer>(sql`SELECT * FROM canned_response WHERE id = ${id}`);
  return row ? toAnswer(row) : undefined;
}

/** The answer holding a shortcut for this scope/owner (to name the clash instead of a constraint error). */
export async function findShortcut(db: Reader, shortcut: string, ownerAgentId: number | null): Promise<CannedResponse | undefined> {
  const row =
    ownerAgentId === null
      ? await db.get<DbAnswer>(sql`SELECT * FROM canned_response WHERE scope = 'shared' AND shortcut = ${shortcut}`)
      : await db.get<DbAnswer>(
          sql`SELECT * FROM canned_response WHERE scope = 'personal' AND owner_agent_id = ${ownerAgentId} AND shortcut = ${shortcut}`,
        );
  return row ? toAnswer(row) : undefined;
}

export type AnswerRow = Readonly<Omit<CannedResponse, 'id' | 'updatedAt'> & { id?: number }>;

export async function saveAnswer(store: Store, answer: AnswerRow, by: number, at: number): Promise<CannedResponse> {
  return store.write(async (tx) => {
    const channels = JSON.stringify(answer.channels);
    if (answer.id === undefined) {
      const { lastID } = await tx.run(sql`
        INSERT INTO canned_response (scope, queue_id, owner_agent_id, title, shortcut, body, channels, updated_at, updated_by)
        VALUES (${answer.scope}, ${answer.queueId}, ${answer.ownerAgentId}, ${answer.title}, ${answer.shortcut}, ${answer.body},
                ${channels}, ${at}, ${by})`);
      return { ...answer, id: lastID, updatedAt: at };
    }
    await tx.run(sql`
      UPDATE canned_response SET queue_id = ${answer.queueId}, title = ${answer.title}, shortcut = ${answer.shortcut},
        body = ${answer.body}, channels = ${channels}, updated_at = ${at}, updated_by = ${by}
      WHERE id = ${answer.id}`);
    return { ...answer, id: answer.id, updatedAt: at };
  });
}

export async function deleteAnswer(store: Store, id: number): Promise<void> {
  await store.write((tx) => tx.run(sql`DELETE FROM canned_response WHERE id = ${id}`));
}
