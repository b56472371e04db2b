import { Global, Module } from '@nestjs/common';
import { Clock, RandomSource } from './clock.js';

@Global()
@Module({ providers: [Clock, RandomSource], exports: [Clock, RandomSource] })
export class CommonModule {}
