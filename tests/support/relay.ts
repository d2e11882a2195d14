import net from 'node:net';

/**
 * A TCP relay in front of a node's API that can be cut (every connection dropped, the port refusing)
 * and restored: for a partner's sender the node is down while its processes run on.
 */
export function relay(port: number, target: number) {
  let server: net.Server | undefined;
  const sockets = new Set<net.Socket>();
  const track = (sock: net.Socket) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => sock.destroy());
  };
  return {
    up: () =>
      new Promise<void>((resolve, reject) => {
        server = net.createServer((client) => {
          const upstream = net.connect(target, '127.0.0.1');
          track(client);
          track(upstream);
          client.pipe(upstream).pipe(client);
        });
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    down: () =>
      new Promise<void>((resolve) => {
        for (const sock of sockets) sock.destroy();
        if (!server) return resolve();
        server.close(() => resolve());
        server = undefined;
      }),
  };
}
