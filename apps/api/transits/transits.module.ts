import { Module } from '@nestjs/common';
import { TransitsController } from './transits.controller';
import { TransitsService } from './transits.service';

@Module({ controllers: [TransitsController], providers: [TransitsService] })
export class TransitsModule {}
