import { CreateCommissionsSchema1764200000000 } from './1764200000000-create-commissions-schema';
import { PartnerPayoutDetails1764700300000 } from './1764700300000-partner-payout-details';

/** Listed explicitly (not globbed) so the bundled service and the TypeORM CLI run the same set. */
export const commissionsMigrations = [CreateCommissionsSchema1764200000000, PartnerPayoutDetails1764700300000];
