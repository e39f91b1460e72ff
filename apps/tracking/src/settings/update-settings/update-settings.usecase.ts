import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ApiKeyIdentity } from '@app/domain';
import { AttributionWindows } from '../attribution-windows';
import { SettingsRepository } from '../settings.repository';
import { UpdateSettingsBody } from '../settings.schemas';

/**
 * Sets the attribution window of the key's workspace and mode. A click's expiry is fixed when it
 * is recorded, so the change applies to clicks recorded after it and never rewrites older ones.
 */
@Injectable()
export class UpdateSettingsUseCase {
  private readonly logger = new Logger('Settings');

  constructor(
    @Inject(SettingsRepository) private readonly settings: SettingsRepository,
    @Inject(AttributionWindows) private readonly windows: AttributionWindows,
  ) {}

  async execute(account: ApiKeyIdentity, body: UpdateSettingsBody) {
    const saved = await this.settings.saveSetting(account.workspaceId, account.mode, body.attribution_window_days);
    this.windows.forget(account.workspaceId, account.mode);
    this.logger.log({ msg: 'settings changed', workspace_id: account.workspaceId, mode: account.mode, attribution_window_days: saved.attributionWindowDays });
    return saved;
  }
}
