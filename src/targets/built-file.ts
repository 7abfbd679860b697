// A file of `detctl build`'s output.
export interface BuiltFile {
  /** Relative to the output folder. */
  path: string;
  content: string;
}
