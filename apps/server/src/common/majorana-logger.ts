import { ConsoleLogger } from '@nestjs/common';

/** Nest's own start-up chatter (one line per module and route): shown only at MAJORANA_LOG_LEVEL=debug. */
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

export class MajoranaLogger extends ConsoleLogger {
  constructor(private readonly showFrameworkLogs: boolean) {
    super();
  }

  override log(message: unknown, context?: string): void {
    if (this.showFrameworkLogs || context === undefined || !FRAMEWORK_CONTEXTS.has(context)) {
      super.log(message, context);
    }
  }
}
