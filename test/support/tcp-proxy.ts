// A TCP proxy in front of PostgreSQL that a test can cut and restore: the database "goes away"
// (open connections reset, new ones refused) for as long as the test likes, then comes back.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Resets every connection and refuses new ones until restore(). */
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const stopListening = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.resetAndDestroy();
  });
  return {
    port,
    cut: stopListening,
    restore: () => listen(port),
    close: stopListening,
  };
}
