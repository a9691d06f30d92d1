import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'eslint-rules/**/*.test.ts'],
    environment: 'node',
    // Engine tests run WGSL through Dawn on SwiftShader (a CPU Vulkan driver): slow, and one
    // device at a time is kinder to a 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // Asks Dawn for an adapter first; without one it stops with the package to install.
    globalSetup: ['test/preflight-webgpu.ts'],
    env: {
      VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json',
    },
  },
});
