/** Runs `xent` through `main(argv, io)` with Node's real files, Dawn and models, capturing its output. */
import { main, type CliIO, type GpuLoad } from '../src/cli/main';
import { loadDawn, loadNodeModel, readInputFile } from '../src/cli/node-io';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `loadGpu` replaces Dawn, e.g. with an entry point that offers no adapter. */
export async function xent(argv: string[], loadGpu: () => Promise<GpuLoad> = () => loadDawn()): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readFile: readInputFile,
    loadGpu,
    loadModel: loadNodeModel,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
