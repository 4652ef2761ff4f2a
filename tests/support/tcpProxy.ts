import net from 'node:net';

export type TcpProxy = Readonly<{
  port: number;
  /**
   * A half-open network for one connection, named by the port the relay connects from (what PostgreSQL
   * shows as pg_stat_activity.client_port): nothing passes any more either way and its client is never
   * told the server side closed, as when a router between them drops the packets.
   */
  freeze(upstreamLocalPort: number): void;
  close(): Promise<void>;
}>;

type Pair = { client: net.Socket; upstream: net.Socket; frozen: boolean };

/** A plain TCP relay to `targetPort` on 127.0.0.1, to cut one connection without its client knowing. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair: Pair = { client, upstream, frozen: false };
    pairs.add(pair);
    client.on('data', (chunk) => {
      if (!pair.frozen) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!pair.frozen) client.write(chunk);
    });
    const closeClient = (): void => {
      if (!pair.frozen) client.destroy();
    };
    upstream.on('end', closeClient);
    upstream.on('close', closeClient);
    upstream.on('error', closeClient);
    client.on('error', () => upstream.destroy());
    client.on('close', () => {
      upstream.destroy();
      pairs.delete(pair);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    freeze: (port) => {
      const pair = [...pairs].find((p) => p.upstream.localPort === port);
      if (!pair) throw new Error(`no relayed connection from port ${port}`);
      pair.frozen = true;
    },
    close: async () => {
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
