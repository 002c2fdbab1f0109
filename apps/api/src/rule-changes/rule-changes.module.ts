import { Module } from '@nestjs/common';
import { RuleChangesController } from './rule-changes.controller';
import { RuleChangesService } from './rule-changes.service';

@Module({ controllers: [RuleChangesController], providers: [RuleChangesService] })
export class RuleChangesModule {}
