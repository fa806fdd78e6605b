// `ringside dap [--server=PORT]`: the debug adapter, speaking DAP on standard input and output,
// or as a TCP server on 127.0.0.1 (one session per connection) for attaching a client while
// developing the adapter.

import * as net from 'node:net';
import { RingsideSession } from '../../debug-adapter/session';

export const DAP_USAGE = `usage: ringside dap [--server=PORT]
  Speaks the Debug Adapter Protocol on standard input and output (debug type "ringside").
  --server=PORT   listen on 127.0.0.1:PORT instead, one debug session per connection
`;

export function dapCommand(argv: string[]): Promise<number> {
  let port: number | undefined;
  for (const a of argv) {
    const m = /^--server=(\d+)$/.exec(a);
    if (m && Number(m[1]) <= 65535) port = Number(m[1]);
    else if (a === '-h' || a === '--help') {
      process.stdout.write(DAP_USAGE);
      return Promise.resolve(0);
    } else {
      process.stderr.write(`ringside dap: unknown option '${a}'\n${DAP_USAGE}`);
      return Promise.resolve(2);
    }
  }
  return new Promise((resolve) => {
    if (port === undefined) {
      const session = new RingsideSession();
      session.setRunAsServer(false);
      session.start(process.stdin, process.stdout);
      process.stdin.on('end', () => resolve(0));
      return;
    }
    const server = net.createServer((socket) => {
      const session = new RingsideSession();
      session.setRunAsServer(true);
      session.start(socket, socket);
      socket.on('error', () => socket.destroy());
    });
    server.on('error', (e) => {
      process.stderr.write(`ringside dap: ${e.message}\n`);
      resolve(1);
    });
    server.listen(port, '127.0.0.1', () => process.stderr.write(`ringside dap: listening on 127.0.0.1:${port}\n`));
  });
}
