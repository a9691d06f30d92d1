#!/usr/bin/env bash
# Installs what the tests need beyond npm, on a Debian machine where we are root:
#   - a Chromium for Playwright (Debian's, at /usr/bin/chromium), unless XENT_CHROMIUM names one
#     or Playwright's own browser is installed;
#   - libvulkan1 and the SwiftShader Vulkan driver (shipped inside Debian's chromium) for WebGPU
#     in Node through Dawn (the engine tests and `xent --backend webgpu`).
set -euo pipefail

need=()
if [ -z "${XENT_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then need+=(chromium); fi
if [ ! -f /usr/lib/chromium/vk_swiftshader_icd.json ] && [ -z "${VK_ICD_FILENAMES:-}" ]; then need+=(chromium); fi
has_vulkan() {
  ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1' || compgen -G '/usr/lib/*/libvulkan.so.1' >/dev/null
}
if ! has_vulkan; then need+=(libvulkan1); fi

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "setup: missing ${need[*]}; install them (Debian: apt-get install -y ${need[*]}) or set XENT_CHROMIUM." >&2
    exit 1
  fi
  echo "setup: installing ${need[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u) >/dev/null
fi
echo "setup: chromium ${XENT_CHROMIUM:-/usr/bin/chromium}, Vulkan loader present"
