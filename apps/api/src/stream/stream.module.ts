import { Module } from '@nestjs/common';
import { StreamController } from './stream.controller';
import { TaskChangeFeed } from './task-change-feed.service';

@Module({ controllers: [StreamController], providers: [TaskChangeFeed] })
export class StreamModule {}
