import { Module } from '@nestjs/common';
import { AlertsController, AlertStatisticsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

@Module({ controllers: [AlertsController, AlertStatisticsController], providers: [AlertsService] })
export class AlertsModule {}
