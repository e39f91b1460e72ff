import { CreateDashboardSchema1764610000000 } from './1764610000000-create-dashboard-schema';
import { PartnerPortal1764700000000 } from './1764700000000-partner-portal';

/** Listed explicitly (not globbed) so the bundled service and the TypeORM CLI run the same set. */
export const dashboardMigrations = [CreateDashboardSchema1764610000000, PartnerPortal1764700000000];
