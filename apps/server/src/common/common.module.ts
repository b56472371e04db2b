import { Global, Module } from '@nestjs/common';
import { ServerEvents } from '../events/server-events.js';
import { Clock, RandomSource } from './clock.js';

@Global()
@Module({ providers: [Clock, RandomSource, ServerEvents], exports: [Clock, RandomSource, ServerEvents] })
export class CommonModule {}
