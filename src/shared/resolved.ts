/**
 * One settled promise for hooks that must return one and have nothing to wait for: a fresh
 * Promise.resolve() on every request was garbage on the hot path.
 */
export const RESOLVED: Promise<void> = Promise.resolve();
