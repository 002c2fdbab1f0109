import { Controller, Get, Query } from '@nestjs/common';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { taskQuerySchema, type TaskQueryDto } from './dtos/task-query.dto';
import { TasksService } from './tasks.service';

@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  list(@Query(new ZodValidationPipe(taskQuerySchema)) q: TaskQueryDto) {
    return this.tasks.list(q);
  }
}
