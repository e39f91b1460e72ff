import { Body, Get, HttpCode, NotFoundException, Patch } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { ApiKeyIdentity } from '@app/domain';
import { Account, SecretKeyController, ApiAnswers, ApiZodBody, ZodValidationPipe } from '@app/platform';
import { WorkspacesQuery } from '../accounts/workspaces.query';
import { AttributionWindows } from './attribution-windows';
import { presentSettings, settingsSchema } from './settings.presenter';
import { SettingsRepository } from './settings.repository';
import { UpdateSettingsBody, updateSettingsSchema } from './settings.schemas';
import { UpdateSettingsUseCase } from './update-settings/update-settings.usecase';
import { DEFAULT_PARTNER_LINK_LIMIT } from './workspace-setting.entity';

const WINDOW_CHANGE =
  "A change applies to clicks recorded after it: a click's expiry is fixed when it is recorded, so earlier clicks keep theirs. " +
  'Other replicas of the tracking service apply it within 5 seconds.';

/** Settings of the key's workspace and mode (secret key). */
@SecretKeyController('v1/settings', 'settings')
export class SettingsController {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly windows: AttributionWindows,
    private readonly update: UpdateSettingsUseCase,
    private readonly workspaces: WorkspacesQuery,
  ) {}

  private async workspaceOf(account: ApiKeyIdentity) {
    const workspace = await this.workspaces.find(account.workspaceId);
    if (!workspace) throw new NotFoundException('This workspace no longer exists');
    return workspace;
  }

  @Get()
  @ApiOperation({ summary: 'The settings of the workspace, in the mode of the key' })
  @ApiAnswers({ status: 200, description: 'The settings', schema: settingsSchema }, 401, 403)
  async get(@Account() account: ApiKeyIdentity) {
    const [workspace, days, setting] = await Promise.all([
      this.workspaceOf(account),
      this.windows.days(account.workspaceId, account.mode),
      this.settings.findSetting(account.workspaceId, account.mode),
    ]);
    return presentSettings(workspace, account.mode, {
      attributionWindowDays: days ?? workspace.attributionWindowDays,
      partnerLinkLimit: setting?.partnerLinkLimit ?? DEFAULT_PARTNER_LINK_LIMIT,
      updatedAt: setting?.updatedAt ?? null,
    });
  }

  @Patch()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change the settings of the workspace, in the mode of the key',
    description:
      `Give the settings to change; the others stay. The attribution window is 1 to 365 days. ${WINDOW_CHANGE} ` +
      'The partner link limit (0 to 100) bounds the referral links a partner adds themselves; a lower limit removes no link.',
  })
  @ApiZodBody(updateSettingsSchema)
  @ApiAnswers({ status: 200, description: 'The settings', schema: settingsSchema }, 400, 401, 403)
  async change(@Account() account: ApiKeyIdentity, @Body(new ZodValidationPipe(updateSettingsSchema)) body: UpdateSettingsBody) {
    const saved = await this.update.execute(account, body);
    return presentSettings(await this.workspaceOf(account), account.mode, saved);
  }
}
