/** Where a problem in a rule file is: shared by the parser and the condition compilers (no imports, no cycles). */

/** One problem in a rule file; `line` and `column` are 1-based. */
export interface RuleIssue {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A step of a path into a YAML document: a key or an index. */
export type PathKey = string | number;

/** What a compiler needs of the file it compiles: its name and a way to point at one of its nodes. */
export interface IssueSource {
  name: string;
  issueAt(path: PathKey[], message: string): RuleIssue;
  /** An issue at character `index` of the string value at `path` (its node start when unmappable). */
  issueInScalar(path: PathKey[], index: number, message: string): RuleIssue;
}
