import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiZodResponse, teamListResponse } from '../openapi/response-schemas';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@Roles('caseworker', 'manager', 'ops')
@Controller('api/v1/teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @ApiOperation({ summary: 'The registered teams (ids and Danish display names): where a case can be moved' })
  @ApiZodResponse(200, teamListResponse)
  list() {
    return this.teams.list();
  }
}
