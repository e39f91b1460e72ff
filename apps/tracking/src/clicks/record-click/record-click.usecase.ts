import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ClickRecordedEvent, newId, Subjects } from '@app/domain';
import { JetStreamPublisher } from '@app/messaging';
import { TtlCache } from '@app/platform';
import { PartnersRepository, ResolvedReferralToken } from '../../partners/partners.repository';
import { REFERRAL_TOKEN_PATTERN } from '../../partners/partners.schemas';
import { AttributionWindows } from '../../settings/attribution-windows';
import { RecordClickCommand } from './record-click.command';

export interface RecordedClick {
  clickId: string;
  expiresAt: string;
  destinationUrl: string;
}

const DAY_MS = 86_400_000;

/**
 * Registers a click. The click exists once JetStream has stored its `click.recorded` event:
 * that is the durable record every consumer (attribution first) builds on, so the answer is
 * sent only after the PubAck.
 */
@Injectable()
export class RecordClickUseCase {
  private readonly logger = new Logger('Clicks');
  /** Referral tokens looked up (every click and redirect reads one); a partner's edit reaches other replicas' within 30 s. */
  private readonly tokens = new TtlCache<string, ResolvedReferralToken | null>(30_000);

  constructor(
    private readonly partners: PartnersRepository,
    private readonly windows: AttributionWindows,
    private readonly publisher: JetStreamPublisher,
  ) {}

  /** After a partner's edit: this replica's links follow it at once (a changed destination, say). */
  forgetReferralTokens(): void {
    this.tokens.clear();
  }

  async execute(command: RecordClickCommand): Promise<RecordedClick> {
    const token = await this.lookup(command.token);
    const belongs = token && (!command.account || (token.workspaceId === command.account.workspaceId && token.mode === command.account.mode));
    if (!token || !belongs) {
      const where = command.account ? ` in this workspace's ${command.account.mode} mode` : '';
      throw new NotFoundException(`Unknown referral token "${command.token}"${where}`);
    }
    // The window of the token's mode at this moment: a later change of the setting leaves this click's expiry alone.
    const windowDays = await this.windows.days(token.workspaceId, token.mode);
    if (windowDays === null) throw new NotFoundException(`Unknown referral token "${command.token}"`);

    const clickedAt = new Date();
    const event: ClickRecordedEvent = {
      click_id: newId(),
      workspace_id: token.workspaceId,
      mode: token.mode,
      partner_id: token.partnerId,
      referral_token: token.token,
      clicked_at: clickedAt.toISOString(),
      expires_at: new Date(clickedAt.getTime() + windowDays * DAY_MS).toISOString(),
      source: command.source,
    };
    await this.publisher.publish(Subjects.clickRecorded, event, { msgId: event.click_id });
    this.logger.log({
      msg: 'click recorded',
      click_id: event.click_id,
      workspace_id: event.workspace_id,
      mode: event.mode,
      partner_id: event.partner_id,
      source: event.source,
    });
    return { clickId: event.click_id, expiresAt: event.expires_at, destinationUrl: token.destinationUrl };
  }

  /** Whether a click on this token would be recorded (for the key's workspace and mode, when there is a key). */
  async knows(token: string, account: RecordClickCommand['account']): Promise<boolean> {
    const found = await this.lookup(token);
    return !!found && (!account || (found.workspaceId === account.workspaceId && found.mode === account.mode));
  }

  async destinationOf(token: string): Promise<string | null> {
    return (await this.lookup(token))?.destinationUrl ?? null;
  }

  private async lookup(token: string): Promise<ResolvedReferralToken | null> {
    const normalized = token.trim().toLowerCase();
    // A string no token can have is unknown without asking the database (which rejects some bytes).
    if (!REFERRAL_TOKEN_PATTERN.test(normalized)) return null;
    return this.tokens.getOrLoad(
      normalized,
      () => this.partners.resolveToken(normalized),
      (t) => (t ? 30_000 : 5_000),
    );
  }
}
