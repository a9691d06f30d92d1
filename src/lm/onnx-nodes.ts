/**
 * The names and operator types of an ONNX model's top-level graph nodes, read straight from the
 * protobuf bytes (ModelProto.graph = field 7, GraphProto.node = field 1, NodeProto.name = 3,
 * NodeProto.op_type = 4). Everything else, the weights included, is skipped by its length, so a
 * 500 MB file is walked without copying. A library (onnx-proto, protobufjs) would decode every
 * initializer too; this needs four fields.
 *
 * Used to keep the trigonometry of rotary position embeddings (Sin, Cos) off the GPU: WGSL's sin
 * and cos need only be accurate to 2^-11 absolute, which moves a Qwen model's log p by ~1e-4.
 */
import { XentInputError } from '../errors';

export interface OnnxNode {
  name: string;
  opType: string;
}

const truncated = () =>
  new XentInputError(
    'The ONNX file ends in the middle of its graph (it may be truncated); download it again.',
  );

/** A varint at `at`: [value, next offset]. Values beyond 2^53 are refused. */
function varint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * scale;
    if (value > Number.MAX_SAFE_INTEGER) throw truncated();
    if ((byte & 0x80) === 0) return [value, i + 1];
    scale *= 128;
  }
  throw truncated();
}

/** The offset after a varint, whatever its value (a negative int64 takes ten bytes). */
function skipVarint(bytes: Uint8Array, at: number): number {
  for (let i = at; i < bytes.length && i < at + 10; i++) if ((bytes[i]! & 0x80) === 0) return i + 1;
  throw truncated();
}

/** Calls `visit(field, start, end)` for each length-delimited field in [from, to); skips the rest. */
function fields(
  bytes: Uint8Array,
  from: number,
  to: number,
  visit: (field: number, start: number, end: number) => void,
) {
  let at = from;
  while (at < to) {
    const [key, next] = varint(bytes, at);
    at = next;
    const field = Math.floor(key / 8);
    switch (key % 8) {
      case 0:
        at = skipVarint(bytes, at);
        break;
      case 1:
        at += 8;
        break;
      case 5:
        at += 4;
        break;
      case 2: {
        const [length, start] = varint(bytes, at);
        const end = start + length;
        if (end > to) throw truncated();
        visit(field, start, end);
        at = end;
        break;
      }
      default:
        throw new XentInputError('The ONNX file is not a valid protobuf message; download it again.');
    }
  }
  if (at !== to) throw truncated();
}

const utf8 = new TextDecoder();

export function onnxNodes(bytes: Uint8Array): OnnxNode[] {
  const nodes: OnnxNode[] = [];
  fields(bytes, 0, bytes.length, (field, start, end) => {
    if (field !== 7) return;
    fields(bytes, start, end, (gField, gStart, gEnd) => {
      if (gField !== 1) return;
      const node: OnnxNode = { name: '', opType: '' };
      fields(bytes, gStart, gEnd, (nField, nStart, nEnd) => {
        if (nField === 3) node.name = utf8.decode(bytes.subarray(nStart, nEnd));
        if (nField === 4) node.opType = utf8.decode(bytes.subarray(nStart, nEnd));
      });
      nodes.push(node);
    });
  });
  return nodes;
}

/** One of a graph's weights: its name and the bytes it holds. */
export interface OnnxTensorSize {
  name: string;
  bytes: number;
}

/**
 * The graph's largest weight (an initializer of the graph or of any subgraph): its bytes are its
 * raw_data (TensorProto field 9), its packed float_data (4), or, for a weight in an external data
 * file, the entry "length" of external_data (13). Null for a graph without initializers.
 *
 * The WebGPU provider puts each weight in one GPU buffer, so the largest must fit the device's
 * maxStorageBufferBindingSize; for GPT-2 it is the token embedding, V × d = 50,257 × 768 float32
 * (154 MB), for Qwen2.5-0.5B 151,936 × 896 (545 MB in float32).
 */
export function onnxLargestTensor(bytes: Uint8Array): OnnxTensorSize | null {
  let largest: OnnxTensorSize | null = null;
  const tensor = (start: number, end: number) => {
    let name = '';
    let size = 0;
    fields(bytes, start, end, (tField, tStart, tEnd) => {
      if (tField === 8) name = utf8.decode(bytes.subarray(tStart, tEnd));
      if (tField === 9 || tField === 4) size = Math.max(size, tEnd - tStart);
      if (tField === 13) {
        let key = '';
        let value = '';
        fields(bytes, tStart, tEnd, (eField, eStart, eEnd) => {
          if (eField === 1) key = utf8.decode(bytes.subarray(eStart, eEnd));
          if (eField === 2) value = utf8.decode(bytes.subarray(eStart, eEnd));
        });
        if (key === 'length' && /^\d+$/.test(value)) size = Math.max(size, Number(value));
      }
    });
    if (!largest || size > largest.bytes) largest = { name, bytes: size };
  };
  const graph = (start: number, end: number) =>
    fields(bytes, start, end, (gField, gStart, gEnd) => {
      if (gField === 5) tensor(gStart, gEnd);
      if (gField === 1) subgraphs(bytes, gStart, gEnd, graph);
    });
  fields(bytes, 0, bytes.length, (field, start, end) => {
    if (field === 7) graph(start, end);
  });
  return largest;
}

/** Calls `graph` on each subgraph of a node (NodeProto.attribute = 5; AttributeProto g = 6, graphs = 11). */
function subgraphs(bytes: Uint8Array, start: number, end: number, graph: (s: number, e: number) => void) {
  fields(bytes, start, end, (nField, nStart, nEnd) => {
    if (nField !== 5) return;
    fields(bytes, nStart, nEnd, (aField, aStart, aEnd) => {
      if (aField === 6 || aField === 11) graph(aStart, aEnd);
    });
  });
}

/**
 * The external data files an ONNX graph's tensors live in (TensorProto.external_data = field 13,
 * entries of key = 1 / value = 2, key "location"), over the initializers (GraphProto field 5) of
 * the graph and of every subgraph (NodeProto.attribute = 5, AttributeProto.g = 6 and graphs = 11:
 * the branches of a merged decoder's If). Paths are relative to the graph's folder, as
 * onnxruntime resolves them; a path that leaves the folder is refused.
 */
export function onnxExternalFiles(bytes: Uint8Array): string[] {
  const found = new Set<string>();
  const graph = (start: number, end: number) =>
    fields(bytes, start, end, (gField, gStart, gEnd) => {
      if (gField === 5) tensor(gStart, gEnd);
      if (gField === 1) subgraphs(bytes, gStart, gEnd, graph);
    });
  const tensor = (start: number, end: number) =>
    fields(bytes, start, end, (tField, tStart, tEnd) => {
      if (tField !== 13) return;
      let key = '';
      let value = '';
      fields(bytes, tStart, tEnd, (eField, eStart, eEnd) => {
        if (eField === 1) key = utf8.decode(bytes.subarray(eStart, eEnd));
        if (eField === 2) value = utf8.decode(bytes.subarray(eStart, eEnd));
      });
      if (key === 'location') found.add(value);
    });
  fields(bytes, 0, bytes.length, (field, start, end) => {
    if (field === 7) graph(start, end);
  });
  for (const path of found) {
    if (path === '' || path.startsWith('/') || path.split(/[/\\]/).includes('..')) {
      throw new XentInputError(
        `The ONNX graph names an external data file '${path}' outside its folder; such a model cannot be loaded.`,
      );
    }
  }
  return [...found].sort();
}
