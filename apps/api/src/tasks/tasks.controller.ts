import { Controller, Get, Query } from '@nestjs/common';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { taskQuerySchema, type TaskQueryDto } from './dtos/task-query.dto';
import { TasksService } from './tasks.service';

@Roles('caseworker', 'manager')
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(taskQuerySchema)) q: TaskQueryDto) {
    return this.tasks.list(user, q);
  }
}
