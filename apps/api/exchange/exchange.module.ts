import { Module } from '@nestjs/common';
import type { Config } from '../../../config/env';
import { loadExchangeTrust } from '../../shared/exchange/trust';
import { CONFIG } from '../infra/tokens';
import { ExchangeXml } from '../ncts/exchange-xml';
import { TransitsModule } from '../transits/transits.module';
import { ExchangeController } from './exchange.controller';
import { ExchangeService } from './exchange.service';
import { EXCHANGE_TRUST, SignedExchange } from './signed-exchange';

@Module({
  imports: [TransitsModule],
  controllers: [ExchangeController],
  providers: [
    ExchangeService,
    ExchangeXml,
    SignedExchange,
    // Loaded at start: a bad partner directory or keys file stops the API, naming the entry.
    { provide: EXCHANGE_TRUST, useFactory: (config: Config) => loadExchangeTrust(config), inject: [CONFIG] },
  ],
})
export class ExchangeModule {}
