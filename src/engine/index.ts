/** The WebGPU engine: device boundary, the loss path and the on-demand kernels. */
export { requestEngineDevice, adapterName, type DeviceRequest, type DeviceOptions } from './device';
export { XentEngine, EngineError, type AdoptedText } from './xent-engine';
export { GpuLogits } from './gpu-logits';
export { PModelGenerator, pModelLogitValues } from './p-model';
export {
  DEFAULT_TUNING,
  tuningFor,
  planChunks,
  planSplits,
  TOPK_MAX,
  HISTOGRAM_MAX_BINS,
  type Tuning,
} from './plan';
