import { Module } from '@nestjs/common';
import { NctsController } from '../ncts/ncts.controller';
import { NctsDoor } from '../ncts/ncts-door';
import { NctsService } from '../ncts/ncts.service';
import { DepartureForwarding } from './forward';
import { TransitsController } from './transits.controller';
import { TransitsService } from './transits.service';

@Module({
  controllers: [TransitsController, NctsController],
  providers: [TransitsService, NctsDoor, NctsService, DepartureForwarding],
  exports: [NctsDoor, NctsService],
})
export class TransitsModule {}
