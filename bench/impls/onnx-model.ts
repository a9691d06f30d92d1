/**
 * The mean cross-entropy as an ONNX graph, serialised to ModelProto bytes by a minimal protobuf
 * writer (only what this graph needs: varints and length-delimited fields; onnx.proto field numbers).
 *
 *   logits (N, V) float32, targets (N, 1) int64
 *   lse  = ReduceLogSumExp(logits, axes=[1], keepdims=1)   (N, 1)
 *   xt   = GatherElements(logits, targets, axis=1)         (N, 1)
 *   loss = ReduceMean(lse − xt, keepdims=0)                () float32
 *
 * onnxruntime-web's ReduceLogSumExp sums exp(x) without subtracting the maximum, so it returns
 * inf once log-sum-exp passes ≈ 88.7. The safe graph subtracts the row max first, as the engine
 * does, at the price of a second read of the logits (ReduceMax) and a written copy (Sub):
 *
 *   m    = ReduceMax(logits, axes=[1], keepdims=1)         (N, 1)
 *   lse  = ReduceLogSumExp(logits − m, axes=[1]) + m       (N, 1)
 */

const OPSET = 18;
const IR_VERSION = 8;
const FLOAT = 1;
const INT64 = 7;
const ATTRIBUTE_INT = 2;

/** Protobuf wire format: tag = field · 8 + wire type (0: varint, 2: length-delimited). */
class ProtoWriter {
  private readonly bytes: number[] = [];

  private varint(n: number): void {
    // Non-negative integers below 2^53 only: every number in this graph is.
    while (n > 127) {
      this.bytes.push((n % 128) | 128);
      n = Math.floor(n / 128);
    }
    this.bytes.push(n);
  }

  int(field: number, n: number): this {
    this.varint(field * 8);
    this.varint(n);
    return this;
  }

  raw(field: number, data: Uint8Array): this {
    this.varint(field * 8 + 2);
    this.varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }

  string(field: number, s: string): this {
    return this.raw(field, new TextEncoder().encode(s));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.raw(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** ValueInfoProto{name=1, type=2}; TypeProto{tensor_type=1}; Tensor{elem_type=1, shape=2}; Dimension{dim_value=1, dim_param=2}. */
function valueInfo(
  w: ProtoWriter,
  field: number,
  name: string,
  elemType: number,
  dims: (number | string)[],
): void {
  w.message(field, (vi) =>
    vi.string(1, name).message(2, (type) =>
      type.message(1, (tensor) =>
        tensor.int(1, elemType).message(2, (shape) => {
          for (const d of dims)
            shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
        }),
      ),
    ),
  );
}

/** NodeProto{input=1, output=2, name=3, op_type=4, attribute=5}; AttributeProto{name=1, i=3, type=20}. */
function node(
  w: ProtoWriter,
  op: string,
  inputs: string[],
  output: string,
  ints: Record<string, number> = {},
): void {
  w.message(1, (n) => {
    for (const i of inputs) n.string(1, i);
    n.string(2, output).string(3, output).string(4, op);
    for (const [name, value] of Object.entries(ints)) {
      n.message(5, (a) => a.string(1, name).int(3, value).int(20, ATTRIBUTE_INT));
    }
  });
}

/** ModelProto{ir_version=1, producer_name=2, graph=7, opset_import=8}; GraphProto{node=1, name=2, initializer=5, input=11, output=12}. */
export function crossEntropyModel({ safe = false }: { safe?: boolean } = {}): Uint8Array {
  return new ProtoWriter()
    .int(1, IR_VERSION)
    .string(2, 'xent-lab bench')
    .message(7, (g) => {
      if (safe) {
        node(g, 'ReduceMax', ['logits', 'axes'], 'm', { keepdims: 1 });
        node(g, 'Sub', ['logits', 'm'], 'shifted');
        node(g, 'ReduceLogSumExp', ['shifted', 'axes'], 'lseShifted', { keepdims: 1 });
        node(g, 'Add', ['lseShifted', 'm'], 'lse');
      } else {
        node(g, 'ReduceLogSumExp', ['logits', 'axes'], 'lse', { keepdims: 1 });
      }
      node(g, 'GatherElements', ['logits', 'targets'], 'xt', { axis: 1 });
      node(g, 'Sub', ['lse', 'xt'], 'nll');
      node(g, 'ReduceMean', ['nll'], 'loss', { keepdims: 0 });
      g.string(2, 'cross_entropy');
      // TensorProto{dims=1, data_type=2, name=8, raw_data=9}: axes = [1] as little-endian int64.
      g.message(5, (t) =>
        t
          .int(1, 1)
          .int(2, INT64)
          .string(8, 'axes')
          .raw(9, new Uint8Array(new BigInt64Array([1n]).buffer)),
      );
      valueInfo(g, 11, 'logits', FLOAT, ['N', 'V']);
      valueInfo(g, 11, 'targets', INT64, ['N', 1]);
      valueInfo(g, 12, 'loss', FLOAT, []);
    })
    .message(8, (o) => o.string(1, '').int(2, OPSET))
    .finish();
}
