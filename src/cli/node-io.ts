/**
 * What `xent` needs from Node: the terminal streams, files, and WebGPU through Dawn (the
 * `webgpu` package). Kept apart from main.ts so tests can pass their own.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { XentInputError } from '../errors';
import { MAX_LOGITS_BYTES } from '../io';
import { formatBytes } from '../io/limits';
import { fetchFiles } from '../lm/fetch-files';
import { loadModel, type LoadedModel, type ModelFiles } from '../lm/load';
import { modelName, parseHubBase, parseModelRef } from '../lm/model-ref';
import type { CliIO, GpuLoad } from './main';
import { SWIFTSHADER_ICD, vulkanSetupProblem } from './vulkan';

export { SWIFTSHADER_ICD };

/** Logits up to 1 GiB, plus targets, inputs and the container: no valid file comes near twice that. */
export const MAX_FILE_BYTES = 2 * MAX_LOGITS_BYTES;

export async function readInputFile(path: string): Promise<Uint8Array> {
  let size: number;
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) {
      throw new XentInputError(`${path} is a directory; give an .npz, .safetensors or logits.npy file.`);
    }
    size = stats.size;
  } catch (error) {
    if (error instanceof XentInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new XentInputError(`${path} does not exist.`);
    if (code === 'EACCES') throw new XentInputError(`${path} cannot be read (permission denied).`);
    throw new XentInputError(`${path} cannot be read (${code ?? String(error)}).`);
  }
  if (size > MAX_FILE_BYTES) {
    throw new XentInputError(
      `${path} is ${formatBytes(size)}; this tool reads files up to ${formatBytes(MAX_FILE_BYTES)} (logits up to ${formatBytes(MAX_LOGITS_BYTES)}).`,
    );
  }
  const buffer = await readFile(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength); // a view, not a copy
}

/**
 * Dawn's WebGPU entry point. Without VK_ICD_FILENAMES, Dawn is pointed at SwiftShader when
 * Chromium's copy is installed (a machine without a GPU then still has an adapter); set
 * VK_ICD_FILENAMES yourself to choose another Vulkan driver. `setupProblem` names the missing
 * system package (vulkan.ts), said when Dawn then offers no adapter.
 */
export async function loadDawn(env: NodeJS.ProcessEnv = process.env): Promise<GpuLoad> {
  if (!env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  try {
    const { create, globals } = await import('webgpu');
    // The engine uses WebGPU's global constants (GPUBufferUsage, GPUMapMode, …) as in a browser.
    Object.assign(globalThis, globals);
    return { gpu: create([]) as GPU, setupProblem: vulkanSetupProblem(env) };
  } catch (error) {
    return { gpu: null, reason: `the webgpu package could not be loaded (${(error as Error).message})` };
  }
}

/** A model folder on disk; a missing file is one sentence naming it. */
function folderFiles(folder: string): ModelFiles {
  const read = async (file: string) => {
    try {
      return await readFile(join(folder, file));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        throw new XentInputError(
          `${join(folder, file)} does not exist; a model folder holds config.json, tokenizer.json, tokenizer_config.json and its ONNX weights under onnx/.`,
        );
      }
      throw new XentInputError(`${join(folder, file)} cannot be read (${code ?? String(error)}).`);
    }
  };
  return {
    size: async (file) => {
      try {
        const stats = await stat(join(folder, file));
        return stats.isFile() ? stats.size : null;
      } catch {
        return null;
      }
    },
    text: async (file) => (await read(file)).toString('utf8'),
    bytes: async (file) => {
      const b = await read(file);
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
  };
}

/**
 * `xent lm`'s model: a folder on disk when MODEL is one, else a folder URL or a hub id, fetched.
 * onnxruntime-web's Node build runs it on WebAssembly, on one thread (the numbers do not depend
 * on the thread count, and the tests share a 2-core machine); the benchmark asks for more with
 * `threads` (worker threads; the first session of the process fixes the count).
 */
export async function loadNodeModel(model: string, hub: string | null, threads = 1): Promise<LoadedModel> {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = threads;
  ort.env.logLevel = 'error';
  if (existsSync(model) && statSync(model).isDirectory()) return loadModel(model, folderFiles(model), ort);
  const ref = parseModelRef(model);
  if (ref.kind === 'path') {
    throw new XentInputError(
      `${model} is not a folder on this machine; give a model folder, its https URL or a hub id.`,
    );
  }
  const hubBase = hub === null ? undefined : parseHubBase(hub);
  return loadModel(modelName(ref), fetchFiles(ref, { hubBase }), ort);
}

export function nodeIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: readInputFile,
    loadGpu: () => loadDawn(),
    loadModel: loadNodeModel,
  };
}
