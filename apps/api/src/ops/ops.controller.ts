import { Controller, Get } from '@nestjs/common';
import { Roles } from '../auth';
import { OpsService } from './ops.service';

/** Operations: workers, backlog, workflow counts and projection lag; no personal data. */
@Roles('ops')
@Controller('api/v1/ops')
export class OpsController {
  constructor(private readonly ops: OpsService) {}

  @Get('status')
  status() {
    return this.ops.status();
  }
}
