import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request a piece of work belongs to, wherever it runs (a resolver, a service, the error
 * formatter): every log line written on its behalf carries its id (see logger.ts).
 */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();
