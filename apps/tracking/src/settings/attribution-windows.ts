import { Injectable } from '@nestjs/common';
import { Mode } from '@app/domain';
import { TtlCache } from '@app/platform';
import { WorkspacesQuery } from '../accounts/workspaces.query';
import { SettingsRepository } from './settings.repository';

/** How long another replica may still use a window that was just changed. */
export const ATTRIBUTION_WINDOW_CACHE_MS = 5_000;

/**
 * The attribution window a click gets when it is recorded: the mode's setting, else the value the
 * workspace was created with. Cached briefly because every click reads it.
 */
@Injectable()
export class AttributionWindows {
  private readonly cache = new TtlCache<string, number | null>(ATTRIBUTION_WINDOW_CACHE_MS);

  constructor(
    private readonly settings: SettingsRepository,
    private readonly workspaces: WorkspacesQuery,
  ) {}

  /** The window in days, or null when the workspace does not exist. */
  async days(workspaceId: string, mode: Mode): Promise<number | null> {
    return this.cache.getOrLoad(`${workspaceId}:${mode}`, async () => {
      const setting = await this.settings.findSetting(workspaceId, mode);
      return setting?.attributionWindowDays ?? (await this.workspaces.find(workspaceId))?.attributionWindowDays ?? null;
    });
  }

  /** This replica applies a change at once; the others within ATTRIBUTION_WINDOW_CACHE_MS. */
  forget(workspaceId: string, mode: Mode): void {
    this.cache.delete(`${workspaceId}:${mode}`);
  }
}
