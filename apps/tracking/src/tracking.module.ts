import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeyDirectory, ApiKeyGuard, SecretBox, serviceInfrastructure, StripeSigningSecretDirectory } from '@app/platform';
import { AccountsRepository } from './accounts/accounts.repository';
import { ApiKeysController } from './accounts/api-keys.controller';
import { AuditLogEntryEntity } from './accounts/audit-log-entry.entity';
import { AuditLogQuery } from './accounts/audit-log.query';
import { ManageKeysUseCase } from './accounts/manage-keys/manage-keys.usecase';
import { AdminController } from './admin/admin.controller';
import { OperatorGuard } from './admin/operator.guard';
import { ApiKeyEntity } from './accounts/api-key.entity';
import { WorkspaceEntity } from './accounts/workspace.entity';
import { CreateWorkspaceUseCase } from './accounts/create-workspace/create-workspace.usecase';
import { RenameWorkspaceUseCase } from './accounts/rename-workspace/rename-workspace.usecase';
import { WorkspacesQuery } from './accounts/workspaces.query';
import { SyncKeyDirectoryUseCase } from './accounts/sync-key-directory/sync-key-directory.usecase';
import { ClicksController } from './clicks/clicks.controller';
import { RecordClickUseCase } from './clicks/record-click/record-click.usecase';
import { TrackingConfig } from './config';
import { trackingMigrations } from './migrations';
import { PartnerEntity } from './partners/partner.entity';
import { PartnersController } from './partners/partners.controller';
import { PartnersRepository } from './partners/partners.repository';
import { AddPromoCodeUseCase } from './partners/add-promo-code/add-promo-code.usecase';
import { AddReferralTokenUseCase } from './partners/add-referral-token/add-referral-token.usecase';
import { CreatePartnerUseCase } from './partners/create-partner/create-partner.usecase';
import { PartnersQuery } from './partners/partners.query';
import { UpdatePartnerUseCase } from './partners/update-partner/update-partner.usecase';
import { PromoCodeCatalogue } from './partners/promo-code-catalogue';
import { PartnerCatalogue } from './partners/partner-catalogue';
import { PromoCodeEntity } from './partners/promo-code.entity';
import { ReferralTokenEntity } from './partners/referral-token.entity';
import { AttributionWindows } from './settings/attribution-windows';
import { SettingsController } from './settings/settings.controller';
import { SettingsRepository } from './settings/settings.repository';
import { StripeSigningSecretEntity } from './settings/stripe-signing-secrets/stripe-signing-secret.entity';
import { StripeSigningSecretsController } from './settings/stripe-signing-secrets/stripe-signing-secrets.controller';
import { AddStripeSigningSecretUseCase } from './settings/stripe-signing-secrets/add-stripe-signing-secret/add-stripe-signing-secret.usecase';
import { RemoveStripeSigningSecretUseCase } from './settings/stripe-signing-secrets/remove-stripe-signing-secret/remove-stripe-signing-secret.usecase';
import { StripeSigningSecretsQuery } from './settings/stripe-signing-secrets/stripe-signing-secrets.query';
import { SyncStripeSigningSecretsUseCase } from './settings/stripe-signing-secrets/sync-stripe-signing-secrets/sync-stripe-signing-secrets.usecase';
import { UpdateSettingsUseCase } from './settings/update-settings/update-settings.usecase';
import { WorkspaceSettingEntity } from './settings/workspace-setting.entity';
import { SnippetController } from './snippet/snippet.controller';
import { TRACKING_CONFIG } from './tracking.config.token';

export const TRACKING_SCHEMA = 'tracking';
export const trackingEntities = [
  WorkspaceEntity,
  ApiKeyEntity,
  AuditLogEntryEntity,
  PartnerEntity,
  ReferralTokenEntity,
  PromoCodeEntity,
  WorkspaceSettingEntity,
  StripeSigningSecretEntity,
];

@Module({})
export class TrackingModule {
  static forRoot(config: TrackingConfig): DynamicModule {
    return {
      module: TrackingModule,
      imports: serviceInfrastructure('tracking', config, { schema: TRACKING_SCHEMA, entities: trackingEntities, migrations: trackingMigrations }),
      controllers: [
        ClicksController,
        PartnersController,
        SnippetController,
        SettingsController,
        StripeSigningSecretsController,
        ApiKeysController,
        AdminController,
      ],
      providers: [
        { provide: TRACKING_CONFIG, useValue: config },
        ApiKeyDirectory,
        ApiKeyGuard,
        AccountsRepository,
        WorkspacesQuery,
        SyncKeyDirectoryUseCase,
        CreateWorkspaceUseCase,
        RenameWorkspaceUseCase,
        ManageKeysUseCase,
        AuditLogQuery,
        OperatorGuard,
        PartnersRepository,
        PartnersQuery,
        CreatePartnerUseCase,
        UpdatePartnerUseCase,
        AddReferralTokenUseCase,
        AddPromoCodeUseCase,
        PromoCodeCatalogue,
        PartnerCatalogue,
        RecordClickUseCase,
        SettingsRepository,
        AttributionWindows,
        UpdateSettingsUseCase,
        { provide: SecretBox, useFactory: () => new SecretBox(config.WEBHOOK_SECRETS_KEY) },
        StripeSigningSecretDirectory,
        StripeSigningSecretsQuery,
        AddStripeSigningSecretUseCase,
        RemoveStripeSigningSecretUseCase,
        SyncStripeSigningSecretsUseCase,
      ],
    };
  }
}
