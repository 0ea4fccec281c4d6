/**
 * The build API as the tests use it. Every test imports `build` from here, not from src/, so
 * that when the orchestrator's folder is renamed only this file changes.
 */
export {
  build,
  createBuildCache,
  type BuildOptions,
  type BuildResult,
  type StepTiming,
} from '../../src/pipeline/pipeline.ts';
