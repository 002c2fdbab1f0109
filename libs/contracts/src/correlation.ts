/**
 * The Temporal header that carries a request's correlation id from the API into the workflow it updates and on to
 * the activities that workflow schedules, so their log lines can be joined with the request's.
 */
export const CORRELATION_ID_HEADER = 'frist-correlation-id';

/** The attribute name of the correlation id on every log line (pino and Temporal SDK alike). */
export const CORRELATION_ID_LOG_KEY = 'correlationId';
