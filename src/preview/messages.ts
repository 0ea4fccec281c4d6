/**
 * The preview's vocabulary, shared by the server and the browser client: the messages on the
 * live-reload socket, the build errors the overlay shows, and the comments reviewers write.
 * The client's bundle (client/dist/client.js) takes its constants from here, so both sides agree.
 */

/** How the page shows the draft: as it is, or with the changes since the last round marked. */
export type ViewMode = 'utkast' | 'endringer';

/** One build problem, ready for the overlay and the terminal. */
export interface BuildProblem {
  /** Project-relative path (content/chapters/02-status.md), or '' when the problem is not in a file. */
  file: string;
  line?: number;
  column?: number;
  reason: string;
  /** What to do about it (src/core/rules.ts), shown apart from the reason. */
  hint?: string;
  ruleId?: string;
  /** A few lines of the file around the place, with a caret under the column. */
  frame?: string;
}

/** What the overlay shows. */
export interface BuildFailure {
  /** «Innholdet har 2 feil», «Nettleseren startet ikke», … */
  title: string;
  problems: BuildProblem[];
}

/** A reviewer's comment on one paragraph. */
export interface ReviewComment {
  id: string;
  /** The paragraph anchor it is attached to now (moves with fuzzy re-attachment). */
  anchor: string;
  /** The chapter file (content-relative) the paragraph was in. */
  chapter: string;
  /** The paragraph's text when the comment was written. */
  quote: string;
  /** The paragraph's text the last time the comment was (re)attached (fuzzy matching starts here). */
  anchorText: string;
  name: string;
  text: string;
  /** ISO timestamp. */
  created: string;
  /** The round being reviewed when the comment was written (0 = before the first round). */
  round: number;
  resolved: boolean;
  resolvedBy?: string;
  resolvedAt?: string;
  /** Set when the comment was carried over from a file (`npm run import`, `npm run round -- hent`): its file name. */
  importedFrom?: string;
  /** The kind of file it came from (absent on comments from `npm run import`, which are all from Word). */
  importSource?: 'word' | 'pdf';
  /** A stable key of the annotation in its file: the same file fetched again adds nothing. */
  importKey?: string;
  /** The id of the comment this one answers (a PDF reply). */
  replyTo?: string;
  /** The text the reviewer marked (a PDF highlight, a Word comment's range), when there was one. */
  selection?: string;
  /** Where it was in the file: the PDF page. */
  page?: number;
  /** True when it could not be placed on a paragraph of its round («uten plassering»). */
  unplaced?: boolean;
}

/** A comment as the client sees it: where it is attached in the current draft. */
export interface PlacedComment extends ReviewComment {
  /** Where it sits now: the exact paragraph, a similar one after an edit, nowhere (the paragraph is gone), or never placed (an imported comment with no paragraph). */
  placement: 'exact' | 'moved' | 'orphaned' | 'unplaced';
  /** The paragraph anchor in the current draft, when placed. */
  currentAnchor?: string;
  /** «2.7»: the paragraph number reviewers cite, when placed. */
  number?: string;
}

/** The state a freshly loaded page needs besides its HTML. */
export interface PageState {
  version: number;
  mode: ViewMode;
  /** The last round (0 when none has been started). */
  round: number;
  roundDate?: string;
}

/** Server → browser. */
export type ServerMessage =
  /** Sent on connect: the page reloads itself when it is older than `version`. */
  | { type: 'connected'; version: number }
  /** Chapters changed and nothing else: replace these sections in place (valid on top of `from`). */
  | { type: 'chapters'; from: number; version: number; sections: { id: string; html: string }[] }
  /** Something outside the chapters changed: fetch the page again and swap the body. */
  | { type: 'full-reload'; version: number }
  /** A stylesheet changed: swap the <link> in place. */
  | { type: 'css'; href: string }
  /** The build failed: show the overlay over the last good render. */
  | { type: 'error'; failure: BuildFailure }
  /** The comments changed (someone added or resolved one). */
  | { type: 'comments'; comments: PlacedComment[] };

/** Browser → server (only a liveness ping; everything else goes through HTTP). */
export type ClientMessage = { type: 'ping' };

/** Limits the server enforces, also shown to the client. */
export const limits = {
  /** Largest request body (bytes). */
  body: 64 * 1024,
  name: 80,
  text: 8000,
} as const;

/** Paths the preview serves besides the report (prefix keeps them apart from the report's own files). */
export const previewPrefix = '/__forhandsvisning';
