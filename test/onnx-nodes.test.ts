/**
 * The ONNX graph's node list, read from the protobuf bytes of the fixture models: the Qwen model's
 * rotary embedding has one Sin and one Cos (which the page runs on the CPU), GPT-2 has none; a
 * truncated file is one sentence, not a crash.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onnxNodes } from '../src/lm/onnx-nodes';
import { FIXTURE_DIR } from '../scripts/hub-server.mjs';

const model = (name: string) => readFileSync(join(FIXTURE_DIR, name, 'onnx', 'model.onnx'));

describe('onnxNodes', () => {
  it('lists the graph’s nodes with their operator types', () => {
    const qwen = onnxNodes(model('tiny-qwen'));
    const trig = qwen.filter((n) => n.opType === 'Sin' || n.opType === 'Cos');
    expect(trig.map((n) => `${n.opType} ${n.name}`).sort()).toEqual(['Cos /Cos', 'Sin /Sin']);
    // Two layers: one attention softmax and one SwiGLU sigmoid each.
    expect(qwen.filter((n) => n.opType === 'Softmax')).toHaveLength(2);
    expect(qwen.filter((n) => n.opType === 'Sigmoid')).toHaveLength(2);
    const gpt2 = onnxNodes(model('tiny-gpt2'));
    expect(gpt2.some((n) => n.opType === 'Sin' || n.opType === 'Cos')).toBe(false);
    expect(gpt2.filter((n) => n.opType === 'Tanh')).toHaveLength(2); // GELU (tanh form), 2 layers
    expect(gpt2.every((n) => n.opType !== '')).toBe(true);
  });

  it('refuses a truncated or corrupt file with one sentence', () => {
    const bytes = model('tiny-gpt2');
    expect(() => onnxNodes(bytes.subarray(0, bytes.length - 1000))).toThrow(/truncated/);
    expect(() => onnxNodes(Uint8Array.from([0x0f, 0x01, 0x02]))).toThrow(/not a valid protobuf|truncated/);
  });
});
