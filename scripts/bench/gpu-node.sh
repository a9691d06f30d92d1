#!/usr/bin/env bash
# The engine's real-GPU benchmark: `npm run bench:node` on the machine's own GPU, not SwiftShader.
#
#   bash scripts/bench/gpu-node.sh [--shapes "8,1024,50257;2,3,50257"] [--reps N] [--out DIR]
#
# Needs Node (see package.json "engines") and the project's node_modules (npm ci), libvulkan1 and
# the GPU vendor's Vulkan driver (NVIDIA: the driver's nvidia_icd.json; AMD/Intel: Mesa's).
# Prints what the machine says about its GPU, then the table; writes DIR/bench-node-gpu.json
# (default bench-results/). The line to read for the engine's bandwidth goal is
# "(8, 1024, 50257): … xent/read-baseline GB/s = …", the engine's GB/s as a fraction of a kernel
# that only reads the logits. Stops, without numbers, when Dawn's adapter is a CPU driver.
set -euo pipefail
cd "$(dirname "$0")/../.."

shapes='2,3,50257;1,256,50257;4,256,50257;1,16,262144;8,1024,50257'
reps=''
out='bench-results'
while [ $# -gt 0 ]; do
  case "$1" in
    --shapes) shapes="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "gpu-node.sh: unknown argument $1 (flags: --shapes, --reps, --out)" >&2; exit 2 ;;
  esac
done

bash scripts/check-node.sh
if [ ! -d node_modules/webgpu ]; then
  echo "gpu-node.sh: node_modules/webgpu is missing: run npm ci first." >&2
  exit 1
fi

echo "== the machine's GPU"
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
fi
if command -v vulkaninfo >/dev/null; then
  vulkaninfo --summary 2>/dev/null | grep -E 'deviceName|driverName|apiVersion' || true
fi
ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>/dev/null || true

# Dawn's own choice of adapter, before the long run: a CPU driver here means the GPU's Vulkan
# driver is not installed or not found (VK_DRIVER_FILES / VK_ICD_FILENAMES can name it).
adapter=$(node --input-type=module -e "
  import { create } from 'webgpu';
  const a = await create([]).requestAdapter({ powerPreference: 'high-performance' });
  const i = a?.info;
  console.log(a ? [i?.vendor, i?.architecture, i?.device, i?.description].filter(Boolean).join(' · ') : 'none');
  process.exit(0);
")
echo "Dawn's adapter: ${adapter}"
if [ "$adapter" = none ] || echo "$adapter" | grep -qiE 'swiftshader|llvmpipe|lavapipe'; then
  echo "gpu-node.sh: Dawn found no GPU (adapter: ${adapter}); install the GPU's Vulkan driver." >&2
  exit 1
fi

echo "== npm run bench:node on that GPU"
args=(--driver system --shapes "$shapes" --json "$out/bench-node-gpu.json")
if [ -n "$reps" ]; then args+=(--reps "$reps"); fi
npm run --silent bench:node -- "${args[@]}"
