/**
 * What WebGPU in Node needs on Linux, and which Debian package is missing when it is not there.
 *
 * Dawn (the `webgpu` package) reaches the GPU through Vulkan: it opens `libvulkan.so.1` by that
 * bare name, so the system's dynamic loader decides whether it is found: the directories in
 * LD_LIBRARY_PATH, then the loader's cache (`ldconfig -p`), then the trusted directories. A copy
 * elsewhere (Chromium ships a private one in /usr/lib/chromium/) is never found, so this asks the
 * loader's own sources and never globs for the file. The Vulkan loader then needs a driver: the one
 * VK_ICD_FILENAMES names, else SwiftShader from Debian's chromium (loadDawn points Dawn at it),
 * else a system driver registered in icd.d (mesa-vulkan-drivers, or a GPU vendor's).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Chromium's software Vulkan driver: WebGPU on machines without a GPU. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

const LOADER = 'libvulkan.so.1';

/** Where the system's Vulkan drivers register themselves (the Vulkan loader's search path). */
const ICD_DIRS = ['/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/usr/share/vulkan/icd.d'];

/** The trusted directories glibc's loader searches last, for the machine's multiarch triplet. */
function trustedDirs(): string[] {
  const triplet = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' }[process.arch as string];
  const dirs = ['/lib', '/usr/lib', '/lib64', '/usr/lib64'];
  return triplet ? [`/lib/${triplet}`, `/usr/lib/${triplet}`, ...dirs] : dirs;
}

/** The loader cache's entries, as `ldconfig -p` prints them; '' when ldconfig cannot be run. */
function ldconfigCache(): string {
  for (const ldconfig of ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']) {
    try {
      return execFileSync(ldconfig, ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      // not on PATH, or not runnable: try the next place
    }
  }
  return '';
}

/** The path the dynamic loader resolves `libvulkan.so.1` to, or null when it finds none. */
export function findVulkanLoader(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean)) {
    if (existsSync(join(dir, LOADER))) return join(dir, LOADER);
  }
  // Lines such as "\tlibvulkan.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libvulkan.so.1".
  const cached = /^\s*libvulkan\.so\.1 \([^)]*\) => (\S+)$/m.exec(ldconfigCache());
  if (cached?.[1]) return cached[1];
  for (const dir of trustedDirs()) {
    if (existsSync(join(dir, LOADER))) return join(dir, LOADER);
  }
  return null;
}

/** Whether some Vulkan driver is there for the loader to use. */
function hasVulkanDriver(env: NodeJS.ProcessEnv): boolean {
  const named = env.VK_ICD_FILENAMES ?? env.VK_DRIVER_FILES;
  if (named) return named.split(':').some((file) => existsSync(file));
  if (existsSync(SWIFTSHADER_ICD)) return true;
  return ICD_DIRS.some((dir) => {
    try {
      return readdirSync(dir).some((name) => name.endsWith('.json'));
    } catch {
      return false;
    }
  });
}

/**
 * One sentence naming what Dawn lacks on this machine and the command that installs it, or null
 * when the Vulkan loader and a driver are both there (or the platform is not Linux, where Dawn
 * uses Metal or Direct3D instead).
 */
export function vulkanSetupProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  if (process.platform !== 'linux') return null;
  if (!findVulkanLoader(env)) {
    return (
      'the Vulkan loader libvulkan.so.1 is not installed, so Dawn finds no GPU; ' +
      'install it with `apt-get install -y libvulkan1` (Debian) and try again'
    );
  }
  if (!hasVulkanDriver(env)) {
    return (
      'no Vulkan driver is installed, so Dawn finds no GPU; install one with ' +
      '`apt-get install -y chromium` (SwiftShader, for machines without a GPU) or ' +
      '`apt-get install -y mesa-vulkan-drivers`, or set VK_ICD_FILENAMES to a driver’s ICD file'
    );
  }
  return null;
}
