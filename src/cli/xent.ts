/** Entry point of the built command (dist-cli/xent.mjs, started by bin/xent.mjs). */
import { main } from './main';
import { nodeIO } from './node-io';

const flushed = (stream: NodeJS.WriteStream) =>
  new Promise<void>((resolve) => stream.write('', () => resolve()));

const code = await main(process.argv.slice(2), nodeIO());
await flushed(process.stdout);
await flushed(process.stderr);
// Dawn keeps native handles open after its device is destroyed, so the process is ended here.
process.exit(code);
