import type { Review } from './review';
import { COMMAND_FORMATS, type CommandFormat, type Renderer } from '../../output/format';

/** What the review formats need beyond the review: where paths are relative to, and the tool version. */
export interface ReviewContext {
  /** Absolute folder that output paths are relative to: the repository root, else the working folder. */
  baseDir: string;
  /** The folder relative paths in the review (as the user typed them) start from. */
  cwd: string;
  toolVersion: string;
  /** package.json `homepage`, for SARIF help URIs; left out when absent. */
  homepage?: string;
}

export type ReviewFormat = CommandFormat<'review'>;
export const REVIEW_FORMATS: readonly ReviewFormat[] = COMMAND_FORMATS.review;

export type ReviewFormatter = Renderer<Review, ReviewContext>;
