/**
 * Turns of the event loop for CPU-bound work (judging a page, writing it, opening tickets, recording
 * outcomes). Concurrent flows that each yield with `setImmediate` all resume in the same check phase
 * and run their slices back to back, so timers, lease renewals and SDK requests wait for the sum of
 * them. Here the flows queue instead: each loop iteration resumes one of them, so between two slices
 * the loop runs its timers and I/O. Order is first come, first served.
 */
const waiting: Array<() => void> = [];
let scheduled = false;

function resumeNext(): void {
  scheduled = false;
  const next = waiting.shift();
  if (waiting.length > 0) schedule();
  next?.();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(resumeNext);
}

/** Resolves in a later turn of the event loop, after the flows that yielded before this one. */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    schedule();
  });
}
