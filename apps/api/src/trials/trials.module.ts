import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { TrialsController } from './trials.controller';
import { TrialsService } from './trials.service';

/** Trial enrolments of cases (trials-and-sygedagpenge.md T, U): assign, exempt, list. */
@Module({ imports: [CasesModule, AuditModule], controllers: [TrialsController], providers: [TrialsService] })
export class TrialsModule {}
