// The services' own vocabulary, so a new status shows up here too. The file imports nothing at run time (checked in the bundle).
import { CONVERSION_KINDS, CONVERSION_SOURCES, CONVERSION_STATUSES } from '../../../../../../libs/domain/src/attribution';
import type { ConversionView } from '../../../../../../libs/domain/src/attribution';

/** A conversion as the attribution service answers it (GET /v1/conversions and /v1/conversions/:id). */
export type Conversion = ConversionView;

export { CONVERSION_KINDS as KINDS, CONVERSION_SOURCES as SOURCES, CONVERSION_STATUSES as STATUSES };
