#!/usr/bin/env bash
# Installs what the tests need beyond npm, on a Debian machine where we are root:
#   - a Chromium for Playwright (Debian's, at /usr/bin/chromium), unless XENT_CHROMIUM names one
#     or Playwright's own browser is installed;
#   - libvulkan1 and the SwiftShader Vulkan driver (shipped inside Debian's chromium) for WebGPU
#     in Node through Dawn (the engine tests and `xent --backend webgpu`).
# What is missing is decided by what the system would really use: Dawn opens libvulkan.so.1 by
# name, so the loader is present only if the dynamic loader resolves that name (LD_LIBRARY_PATH,
# its cache, the trusted directories). A file of that name elsewhere, such as Chromium's private
# copy in /usr/lib/chromium/, does not count. (src/cli/vulkan.ts asks the same for the CLI and the
# engine tests' preflight, which then asks Dawn itself for an adapter.)
set -euo pipefail

ldconfig_cmd() {
  local c
  for c in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
    if command -v "$c" >/dev/null 2>&1; then "$c" -p; return; fi
  done
}

# Prints where the dynamic loader finds libvulkan.so.1; fails when it finds none.
vulkan_loader() {
  local dir found
  IFS=: read -r -a dirs <<<"${LD_LIBRARY_PATH:-}"
  for dir in "${dirs[@]}"; do
    if [ -n "$dir" ] && [ -e "$dir/libvulkan.so.1" ]; then echo "$dir/libvulkan.so.1"; return 0; fi
  done
  found="$(ldconfig_cmd 2>/dev/null | awk '$1 == "libvulkan.so.1" { print $NF; exit }')"
  if [ -n "$found" ]; then echo "$found"; return 0; fi
  for dir in "/lib/$(uname -m)-linux-gnu" "/usr/lib/$(uname -m)-linux-gnu" /lib /usr/lib /lib64 /usr/lib64; do
    if [ -e "$dir/libvulkan.so.1" ]; then echo "$dir/libvulkan.so.1"; return 0; fi
  done
  return 1
}

need=()
if [ -z "${XENT_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then need+=(chromium); fi
if [ ! -f /usr/lib/chromium/vk_swiftshader_icd.json ] && [ -z "${VK_ICD_FILENAMES:-}" ]; then need+=(chromium); fi
if ! vulkan_loader >/dev/null; then need+=(libvulkan1); fi

if [ ${#need[@]} -gt 0 ]; then
  missing="$(printf '%s\n' "${need[@]}" | sort -u | tr '\n' ' ')"
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "setup: missing ${missing% }; install them (Debian: apt-get install -y ${missing% }) or set XENT_CHROMIUM." >&2
    exit 1
  fi
  echo "setup: installing ${missing% } from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if ! loader="$(vulkan_loader)"; then
  echo "setup: libvulkan1 is installed but the dynamic loader does not find libvulkan.so.1; run ldconfig, or install it with apt-get install --reinstall -y libvulkan1." >&2
  exit 1
fi
echo "setup: chromium ${XENT_CHROMIUM:-/usr/bin/chromium}, Vulkan loader ${loader}"
