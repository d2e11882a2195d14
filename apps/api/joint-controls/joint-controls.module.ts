import { Module } from '@nestjs/common';
import { JointControlsController } from './joint-controls.controller';
import { JointControlsService } from './joint-controls.service';
import { TransitsService } from '../transits/transits.service';

@Module({ controllers: [JointControlsController], providers: [JointControlsService, TransitsService] })
export class JointControlsModule {}
