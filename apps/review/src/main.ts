import './tracing';
import 'reflect-metadata';
import { loadReviewConfig } from './review.config';
import { bootstrapReview } from './review.bootstrap';

bootstrapReview(loadReviewConfig(process.env)).catch((error: unknown) => {
  process.stderr.write(`review failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
