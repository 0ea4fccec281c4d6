/** Where the project's folders are. Resolved once and frozen; passed inward. */
import path from 'node:path';

/** The folders one build reads and writes. */
export interface ProjectPaths {
  readonly root: string;
  readonly content: string;
  readonly templates: string;
  readonly build: string;
}

/** Resolves the folders of a project rooted at `root` (output in `build/` unless told otherwise). */
export function projectPaths(root: string, build?: string): ProjectPaths {
  const abs = path.resolve(root);
  return Object.freeze({
    root: abs,
    content: path.join(abs, 'content'),
    templates: path.join(abs, 'templates'),
    build: build ? path.resolve(build) : path.join(abs, 'build'),
  });
}

/** A path as writers see it in messages: relative to the project root, with forward slashes. */
export function displayPath(paths: ProjectPaths, file: string): string {
  return path.relative(paths.root, file).split(path.sep).join('/');
}
