/**
 * The uniform structs of the training kernels (shaders/train-common.wgsl), field by field in
 * declaration order, and their packing. Every field is a 4-byte u32 or f32, so a struct is its
 * fields back to back, padded to 16 bytes by the `_pad` fields. src/engine/shader-layout.test.ts
 * checks these lists against the WGSL declarations.
 */
type Field = readonly [name: string, type: 'u32' | 'f32'];

export const SHAPE_FIELDS = [
  ['V', 'u32'],
  ['V4', 'u32'],
  ['d', 'u32'],
  ['Dp', 'u32'],
  ['R', 'u32'],
  ['Rp', 'u32'],
  ['wOff4', 'u32'],
  ['bOff4', 'u32'],
  ['slices', 'u32'],
  ['slice4', 'u32'],
  ['_pad0', 'u32'],
  ['_pad1', 'u32'],
] as const satisfies readonly Field[];

export const XENT_SHAPE_FIELDS = [
  ['V', 'u32'],
  ['V4', 'u32'],
  ['N', 'u32'],
  ['R', 'u32'],
  ['chunks', 'u32'],
  ['chunk4', 'u32'],
  ['_pad0', 'u32'],
  ['_pad1', 'u32'],
] as const satisfies readonly Field[];

export const ADAM_FIELDS = [
  ['nE', 'u32'],
  ['nRest4', 'u32'],
  ['d', 'u32'],
  ['restStart4', 'u32'],
  ['stepSize', 'f32'],
  ['bc2Sqrt', 'f32'],
  ['beta1', 'f32'],
  ['beta2', 'f32'],
  ['eps', 'f32'],
  ['oneMinusBeta1', 'f32'],
  ['oneMinusBeta2', 'f32'],
  ['_pad0', 'u32'],
] as const satisfies readonly Field[];

/** The named (non-padding) fields of a struct. */
type Values<F extends readonly Field[]> = Record<Exclude<F[number][0], `_${string}`>, number>;

/** A struct's bytes: each field from `values` as u32 or f32, padding 0. */
export function packStruct<F extends readonly Field[]>(fields: F, values: Values<F>): ArrayBuffer {
  const bytes = new ArrayBuffer(fields.length * 4);
  const view = new DataView(bytes);
  fields.forEach(([name, type], i) => {
    const value = name.startsWith('_') ? 0 : (values as Record<string, number>)[name]!;
    if (type === 'u32') view.setUint32(i * 4, value, true);
    else view.setFloat32(i * 4, value, true);
  });
  return bytes;
}
