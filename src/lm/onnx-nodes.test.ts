/**
 * The external data files an ONNX graph names, read from protobuf bytes written here by hand
 * (onnx.proto's field numbers), through If subgraphs, past fields of every wire type.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { XentInputError } from '../errors';
import { onnxExternalFiles, onnxLargestTensor, onnxNodes } from './onnx-nodes';

// A minimal protobuf writer.
type Bytes = Uint8Array;
const concat = (...parts: Bytes[]): Bytes => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
/** A varint; a negative number as its 64-bit two's complement (ten bytes), as int64 is written. */
const varint = (value: number | bigint): Bytes => {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return Uint8Array.from(out);
};
const key = (field: number, wire: number) => varint(field * 8 + wire);
const int = (field: number, value: number | bigint) => concat(key(field, 0), varint(value));
const bytesField = (field: number, ...parts: Bytes[]) => {
  const body = concat(...parts);
  return concat(key(field, 2), varint(body.length), body);
};
const str = (field: number, text: string) => bytesField(field, new TextEncoder().encode(text));
const float = (field: number, value: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, value, true);
  return concat(key(field, 5), b);
};
const double = (field: number, value: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, value, true);
  return concat(key(field, 1), b);
};

// onnx.proto's messages, the fields used here.
/** TensorProto: dims 1, data_type 2, name 8, external_data 13 (StringStringEntryProto key 1, value 2), data_location 14. */
const externalTensor = (name: string, location: string, offset = 0, length = 64) =>
  concat(
    int(1, 4),
    int(1, 4),
    int(2, 1), // FLOAT
    str(8, name),
    bytesField(13, str(1, 'location'), str(2, location)),
    bytesField(13, str(1, 'offset'), str(2, String(offset))),
    bytesField(13, str(1, 'length'), str(2, String(length))),
    int(14, 1), // EXTERNAL
  );
/** A tensor with its data inside the file (raw_data 9). */
const innerTensor = (name: string, bytes = 8) =>
  concat(int(1, 2), int(2, 1), str(8, name), bytesField(9, new Uint8Array(bytes)));
/** GraphProto: node 1, name 2, initializer 5, input 11, output 12. */
const graph = (name: string, ...parts: Bytes[]) => concat(...parts, str(2, name));
/** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
const node = (name: string, opType: string, ...attributes: Bytes[]) =>
  concat(
    str(1, 'x'),
    str(2, `${name}_out`),
    str(3, name),
    str(4, opType),
    ...attributes.map((a) => bytesField(5, a)),
  );
/** AttributeProto: name 1, f 2, i 3, s 4, t 5, g 6, ints 8, graphs 11, type 20. */
const graphAttribute = (name: string, g: Bytes) => concat(str(1, name), bytesField(6, g), int(20, 5));
const graphsAttribute = (name: string, ...gs: Bytes[]) =>
  concat(str(1, name), ...gs.map((g) => bytesField(11, g)), int(20, 10));
/** ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8. */
const model = (g: Bytes) =>
  concat(int(1, 8), str(2, 'pytorch'), bytesField(7, g), bytesField(8, str(1, ''), int(2, 14)));

/** A merged decoder in miniature: an initializer outside, an If whose branches hold others. */
const thenBranch = graph('then', bytesField(5, externalTensor('then.w', 'model.onnx_data_1', 64)));
const elseBranch = graph(
  'else',
  bytesField(5, externalTensor('else.w', 'model.onnx_data', 128)),
  bytesField(5, innerTensor('else.bias')),
);
const MERGED = model(
  graph(
    'main',
    bytesField(
      1,
      node(
        'gather',
        'Gather',
        concat(str(1, 'axis'), int(3, -1), int(20, 2)), // i = −1: ten bytes
        concat(str(1, 'alpha'), float(2, 1.5), int(20, 1)),
        concat(str(1, 'perm'), bytesField(8, varint(-2), varint(0), varint(1)), int(20, 7)), // packed ints
      ),
    ),
    bytesField(
      1,
      node(
        'optimum::if',
        'If',
        graphAttribute('then_branch', thenBranch),
        graphAttribute('else_branch', elseBranch),
      ),
    ),
    bytesField(5, externalTensor('transformer.wte.weight', 'model.onnx_data', 0)),
    bytesField(5, innerTensor('ln_f.bias')),
    double(99, 0.5), // an unknown 64-bit field
    bytesField(11, str(1, 'input_ids')),
  ),
);

describe('the hand-written protobuf', () => {
  it('writes −1 as ten bytes and small numbers as one', () => {
    expect(Array.from(varint(-1))).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(Array.from(varint(1))).toEqual([1]);
    expect(Array.from(varint(300))).toEqual([0xac, 0x02]);
    expect(Array.from(key(7, 2))).toEqual([0x3a]);
  });

  it('is read as a graph by onnxNodes', () => {
    expect(onnxNodes(MERGED)).toEqual([
      { name: 'gather', opType: 'Gather' },
      { name: 'optimum::if', opType: 'If' },
    ]);
  });
});

describe('onnxExternalFiles', () => {
  it('finds the files of the graph’s initializers and of its If branches, once each, sorted', () => {
    expect(onnxExternalFiles(MERGED)).toEqual(['model.onnx_data', 'model.onnx_data_1']);
  });

  it('looks into graphs lists (AttributeProto.graphs) and subgraphs of subgraphs', () => {
    const inner = graph('inner', bytesField(5, externalTensor('deep.w', 'model.onnx_data_3')));
    const outer = graph(
      'outer',
      bytesField(1, node('loop', 'Loop', graphAttribute('body', inner))),
      bytesField(5, externalTensor('outer.w', 'model.onnx_data_2')),
    );
    const g = graph('main', bytesField(1, node('scan', 'Scan', graphsAttribute('bodies', outer))));
    expect(onnxExternalFiles(model(g))).toEqual(['model.onnx_data_2', 'model.onnx_data_3']);
  });

  it('is empty for a graph whose tensors are all inside it', () => {
    expect(onnxExternalFiles(model(graph('main', bytesField(5, innerTensor('w')))))).toEqual([]);
    expect(onnxExternalFiles(new Uint8Array(0))).toEqual([]);
  });

  it('is empty for the tiny GPT-2 fixture, whose weights are in model.onnx', () => {
    const bytes = readFileSync(
      join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'lm', 'tiny-gpt2', 'onnx', 'model.onnx'),
    );
    expect(onnxExternalFiles(bytes)).toEqual([]);
  });

  it('keeps a path inside the folder', () => {
    const g = graph('main', bytesField(5, externalTensor('w', 'weights/model.onnx_data')));
    expect(onnxExternalFiles(model(g))).toEqual(['weights/model.onnx_data']);
  });

  it('refuses a location outside the graph’s folder with a sentence', () => {
    for (const location of ['../etc/passwd', '/etc/passwd', 'weights/../../x', '..\\secret', '']) {
      const g = graph('main', bytesField(5, externalTensor('w', location)));
      expect(() => onnxExternalFiles(model(g)), location).toThrow(XentInputError);
      expect(() => onnxExternalFiles(model(g)), location).toThrow(
        `The ONNX graph names an external data file '${location}' outside its folder; such a model cannot be loaded.`,
      );
    }
  });

  it('refuses a file cut anywhere inside its graph with the truncated sentence', () => {
    const graphStart = concat(int(1, 8), str(2, 'pytorch')).length;
    const graphEnd = MERGED.length - bytesField(8, str(1, ''), int(2, 14)).length;
    expect(MERGED[graphStart]).toBe(0x3a); // field 7, length-delimited
    for (let cut = graphStart + 1; cut < graphEnd; cut++) {
      expect(() => onnxExternalFiles(MERGED.subarray(0, cut)), `cut at ${cut}`).toThrow(
        'The ONNX file ends in the middle of its graph (it may be truncated); download it again.',
      );
    }
  });

  it('refuses a varint that never ends', () => {
    const bytes = concat(MERGED, key(1, 0), Uint8Array.from([0x80, 0x80, 0x80]));
    expect(() => onnxExternalFiles(bytes)).toThrow(/truncated/);
  });

  it('refuses a wire type protobuf does not have here (groups) with a sentence', () => {
    expect(() => onnxExternalFiles(concat(key(3, 3), MERGED))).toThrow(
      'The ONNX file is not a valid protobuf message; download it again.',
    );
  });
});

describe('onnxLargestTensor', () => {
  it('finds the largest weight, inside the file or in a data file, in the graph or a branch', () => {
    // MERGED: wte, then.w and else.w of 64 bytes each (external), two biases of 8 raw bytes.
    expect(onnxLargestTensor(MERGED)?.bytes).toBe(64);
    const inBranch = model(
      graph(
        'main',
        bytesField(
          1,
          node('if', 'If', graphAttribute('then_branch', graph('t', bytesField(5, innerTensor('big', 300))))),
        ),
        bytesField(5, externalTensor('w', 'model.onnx_data', 0, 200)),
      ),
    );
    expect(onnxLargestTensor(inBranch)).toEqual({ name: 'big', bytes: 300 });
    const external = model(
      graph(
        'main',
        bytesField(5, innerTensor('b', 40)),
        bytesField(5, externalTensor('w', 'd', 0, 5_000_000_000)),
      ),
    );
    expect(onnxLargestTensor(external)).toEqual({ name: 'w', bytes: 5_000_000_000 });
    expect(onnxLargestTensor(model(graph('empty')))).toBeNull();
  });

  it('is the V × d embedding of the hub fixtures (config.json), float32 and float16', () => {
    const dir = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'lm');
    const config = (name: string) =>
      JSON.parse(readFileSync(join(dir, name, 'config.json'), 'utf8')) as Record<string, number>;
    const gpt2 = config('hub-gpt2');
    const llama = config('hub-llama');
    const read = (path: string) => new Uint8Array(readFileSync(join(dir, path)));
    expect(onnxLargestTensor(read('hub-gpt2/onnx/model.onnx'))).toEqual({
      name: 'transformer.wte.weight',
      bytes: gpt2.vocab_size! * gpt2.n_embd! * 4,
    });
    expect(onnxLargestTensor(read('hub-gpt2/onnx/model_fp16.onnx'))).toEqual({
      name: 'transformer.wte.weight',
      bytes: gpt2.vocab_size! * gpt2.n_embd! * 2,
    });
    // Its weights are in model.onnx_data: the size comes from external_data's "length".
    expect(onnxLargestTensor(read('hub-llama/onnx/model.onnx'))).toEqual({
      name: 'model.embed_tokens.weight',
      bytes: llama.vocab_size! * llama.hidden_size! * 4,
    });
  });
});
