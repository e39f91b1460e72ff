import type { ApiKeyIdentity } from '@app/domain';
import { AttributionWindows } from '../attribution-windows';
import { SettingsRepository } from '../settings.repository';
import { WorkspaceSettingEntity } from '../workspace-setting.entity';
import { UpdateSettingsUseCase } from './update-settings.usecase';

describe('UpdateSettingsUseCase', () => {
  const account: ApiKeyIdentity = { workspaceId: 'ws_a', mode: 'live', kind: 'secret' };

  it("saves the window of the key's workspace and mode, and this replica's next click uses it", async () => {
    const saved: Array<[string, string, number]> = [];
    const repository = {
      saveSetting: (workspaceId: string, mode: string, change: { attributionWindowDays: number }) => {
        saved.push([workspaceId, mode, change.attributionWindowDays]);
        return Promise.resolve(
          Object.assign(new WorkspaceSettingEntity(), {
            workspaceId,
            mode,
            attributionWindowDays: change.attributionWindowDays,
            partnerLinkLimit: 5,
            updatedAt: new Date(),
          }),
        );
      },
    } as unknown as SettingsRepository;
    const forgotten: string[] = [];
    const windows = { forget: (workspaceId: string, mode: string) => forgotten.push(`${workspaceId}:${mode}`) } as unknown as AttributionWindows;

    const result = await new UpdateSettingsUseCase(repository, windows).execute(account, { attribution_window_days: 14 });

    expect(result.attributionWindowDays).toBe(14);
    expect(saved).toEqual([['ws_a', 'live', 14]]);
    expect(forgotten).toEqual(['ws_a:live']);
  });
});
