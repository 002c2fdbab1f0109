import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({ imports: [CasesModule], controllers: [EventsController], providers: [EventsService] })
export class EventsModule {}
