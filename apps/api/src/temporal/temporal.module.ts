import { Global, Module } from '@nestjs/common';
import { RequestDrain } from './request-drain.service';
import { TemporalClientService } from './temporal-client.service';

@Global()
@Module({ providers: [TemporalClientService, RequestDrain], exports: [TemporalClientService, RequestDrain] })
export class TemporalModule {}
