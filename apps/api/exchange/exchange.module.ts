import { Module } from '@nestjs/common';
import { ExchangeXml } from '../ncts/exchange-xml';
import { TransitsModule } from '../transits/transits.module';
import { ExchangeController } from './exchange.controller';
import { ExchangeService } from './exchange.service';
import { SignedExchange } from './signed-exchange';
import { ArrivalSide } from './arrival-side';
import { AlertSide } from './alert-side';

@Module({
  imports: [TransitsModule],
  controllers: [ExchangeController],
  providers: [ExchangeService, ExchangeXml, SignedExchange, ArrivalSide, AlertSide],
})
export class ExchangeModule {}
