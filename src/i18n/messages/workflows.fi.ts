import type { Catalogue } from '../catalogue';

/** Workflow texts: requirements, stages, events, criterion templates. */
export const workflowsFi: Catalogue = {};
