import type { Catalogue } from '../catalogue';

/** Criterion templates: title, text, verification and subject link of each, under template.<id>.<field>. */
export const templatesSv: Catalogue = {};
