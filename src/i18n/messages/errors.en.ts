import type { Catalogue } from '../catalogue';

/** Error messages (keyed by their stable codes). */
export const errorsEn: Catalogue = {};
