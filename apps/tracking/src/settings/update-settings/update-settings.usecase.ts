import { Injectable, Logger } from '@nestjs/common';
import type { ApiKeyIdentity } from '@app/domain';
import { AttributionWindows } from '../attribution-windows';
import { SettingsRepository } from '../settings.repository';
import { UpdateSettingsBody } from '../settings.schemas';

/**
 * Sets the attribution window and/or the partner link limit of the key's workspace and mode. A
 * click's expiry is fixed when it is recorded, so a new window applies to clicks recorded after it
 * and never rewrites older ones. A lower link limit removes no link: it stops new ones.
 */
@Injectable()
export class UpdateSettingsUseCase {
  private readonly logger = new Logger('Settings');

  constructor(
    private readonly settings: SettingsRepository,
    private readonly windows: AttributionWindows,
  ) {}

  async execute(account: ApiKeyIdentity, body: UpdateSettingsBody) {
    const saved = await this.settings.saveSetting(account.workspaceId, account.mode, {
      attributionWindowDays: body.attribution_window_days,
      partnerLinkLimit: body.partner_link_limit,
    });
    this.windows.forget(account.workspaceId, account.mode);
    this.logger.log({
      msg: 'settings changed',
      workspace_id: account.workspaceId,
      mode: account.mode,
      attribution_window_days: saved.attributionWindowDays,
      partner_link_limit: saved.partnerLinkLimit,
    });
    return saved;
  }
}
