import { TextColumn, UuidColumn, WorkspaceRecord } from '@app/persistence';
import { Entity } from 'typeorm';

/** A code a partner hands out; unique within a workspace and mode, compared in upper case. */
@Entity({ name: 'promo_codes' })
export class PromoCodeEntity extends WorkspaceRecord {
  @TextColumn() code!: string;
  @UuidColumn('partner_id') partnerId!: string;
}
