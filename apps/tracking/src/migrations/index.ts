import { CreateTrackingSchema1764180000000 } from './1764180000000-create-tracking-schema';
import { KeyExpiryAndAuditLog1764181100000 } from './1764181100000-key-expiry-and-audit-log';
import { WorkspaceSettingsAndStripeSecrets1764181200000 } from './1764181200000-workspace-settings-and-stripe-secrets';
import { PartnerUpdatedAt1764181300000 } from './1764181300000-partner-updated-at';
import { PartnerSearchIndexes1764600100000 } from './1764600100000-partner-search-indexes';
import { ShowablePublishableKeys1764600200000 } from './1764600200000-showable-publishable-keys';
import { PartnerEmailSearchStatistics1764620000000 } from './1764620000000-partner-email-search-statistics';
import { PartnerPortalLinksAndPayoutDetails1764700100000 } from './1764700100000-partner-portal-links-and-payout-details';

/** Listed explicitly (not globbed) so the bundled service and the TypeORM CLI run the same set. */
export const trackingMigrations = [
  CreateTrackingSchema1764180000000,
  KeyExpiryAndAuditLog1764181100000,
  WorkspaceSettingsAndStripeSecrets1764181200000,
  PartnerUpdatedAt1764181300000,
  PartnerSearchIndexes1764600100000,
  ShowablePublishableKeys1764600200000,
  PartnerEmailSearchStatistics1764620000000,
  PartnerPortalLinksAndPayoutDetails1764700100000,
];
