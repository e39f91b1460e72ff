import { Injectable } from '@nestjs/common';
import { ConversionEntity } from '../../conversions/conversion.entity';
import { AttributionRecordsRepository } from '../../reads/attribution-records.repository';
import { oldestFirst } from '../explain-attribution/explain-attribution.usecase';
import { conversionHistory } from './conversion-history';

/** `GET /v1/conversions/:id/history`: the stored events that made or changed the conversion. */
@Injectable()
export class ConversionHistoryUseCase {
  constructor(private readonly records: AttributionRecordsRepository) {}

  async execute(conversion: ConversionEntity) {
    const { workspaceId, mode } = conversion;
    const [byConversion, source, updatedAt] = await Promise.all([
      this.records.eventsOfConversions(workspaceId, mode, [conversion.id]),
      this.records.eventsById(workspaceId, mode, conversion.sourceEventId ? [conversion.sourceEventId] : []),
      this.records.updatedAt(conversion.id),
    ]);
    return { object: 'conversion_history', conversion_id: conversion.id, data: conversionHistory(conversion, oldestFirst(source, byConversion), updatedAt) };
  }
}
