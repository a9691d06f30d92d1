import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findVulkanLoader, vulkanSetupProblem } from './vulkan';

const dir = mkdtempSync(join(tmpdir(), 'xent-vulkan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(process.platform === 'linux')('the Vulkan set-up Dawn needs', () => {
  test('a loader in LD_LIBRARY_PATH is the one the dynamic loader opens', () => {
    writeFileSync(join(dir, 'libvulkan.so.1'), '');
    expect(findVulkanLoader({ LD_LIBRARY_PATH: `/nonexistent:${dir}` })).toBe(join(dir, 'libvulkan.so.1'));
  });

  test('a named driver file that does not exist is reported with the packages that provide one', () => {
    // The loader is found (LD_LIBRARY_PATH above); the only driver named is missing.
    const problem = vulkanSetupProblem({ LD_LIBRARY_PATH: dir, VK_ICD_FILENAMES: join(dir, 'none.json') });
    expect(problem).toMatch(/^no Vulkan driver is installed, so Dawn finds no GPU; install one with/);
    expect(problem).toContain('apt-get install -y mesa-vulkan-drivers');
    writeFileSync(join(dir, 'icd.json'), '{}');
    expect(vulkanSetupProblem({ LD_LIBRARY_PATH: dir, VK_ICD_FILENAMES: join(dir, 'icd.json') })).toBeNull();
  });

  test('this machine, where the engine tests run, has both (the tests need them)', () => {
    expect(findVulkanLoader({})).not.toBeNull();
    expect(vulkanSetupProblem({})).toBeNull();
  });
});
