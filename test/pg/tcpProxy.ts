// A TCP proxy on 127.0.0.1 between consoles and a PostgreSQL server, for fault tests: it can stall (bytes held
// both ways, as a dead link does), cut every connection (as a dropped link or a failover does), and point new
// connections at another server (the promoted standby behind the same address).
import { createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Holds every byte both ways until `resume` (connections stay open). */
  stall(): void;
  resume(): void;
  /** Destroys every open connection; new ones are accepted. */
  cut(): void;
  /** New connections go to this port from now on. */
  retarget(port: number): void;
  connections(): number;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number, host = '127.0.0.1'): Promise<TcpProxy> {
  let target = targetPort;
  let stalled = false;
  const pairs = new Set<[Socket, Socket]>();
  const held: (() => void)[] = [];
  const pipe = (from: Socket, to: Socket) =>
    from.on('data', (chunk) => {
      const send = () => {
        if (!to.destroyed) to.write(chunk);
      };
      if (stalled) held.push(send);
      else send();
    });
  const server = createServer((client) => {
    const upstream = connect(target, host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const s of pair) {
      s.on('error', end);
      s.on('close', end);
    }
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((ok) => server.listen(0, host, ok));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    stall: () => {
      stalled = true;
    },
    resume: () => {
      stalled = false;
      held.splice(0).forEach((f) => f());
    },
    cut: () => {
      held.length = 0;
      for (const [a, b] of [...pairs]) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
    },
    retarget: (port) => {
      target = port;
    },
    connections: () => pairs.size,
    close: async () => {
      for (const [a, b] of [...pairs]) {
        a.destroy();
        b.destroy();
      }
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
