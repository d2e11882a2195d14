import type * as OtelApi from '@opentelemetry/api';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import type { Config } from '../../../config/env';

/**
 * OpenTelemetry tracing across the API, the Temporal client, workflows and activities, off unless
 * CLEARWAY_OTEL names an exporter (`console`, or `otlp` to OTEL_EXPORTER_OTLP_ENDPOINT, the
 * standard OpenTelemetry variables). Off, none of the OpenTelemetry modules is loaded and the
 * workers run the usual workflow bundle; on, a worker bundles its workflows itself with the
 * Temporal OpenTelemetry workflow interceptors (docs/operations.md, "Tracing").
 */
export interface Tracing {
  /** The OpenTelemetry API module, loaded only with tracing on. */
  api: typeof OtelApi;
  tracer: OtelApi.Tracer;
  clientInterceptor: WorkflowClientInterceptor;
  worker: {
    interceptors: WorkerInterceptors;
    sinks: InjectedSinks<OpenTelemetrySinks>;
    workflowModules: string[];
  };
  shutdown(): Promise<void>;
}

export async function startTracing(
  config: Pick<Config, 'CLEARWAY_OTEL'>,
  service: string,
  /** A test's exporter (in memory) in place of the configured one. */
  exporter?: SpanExporter,
): Promise<Tracing | undefined> {
  if (config.CLEARWAY_OTEL === 'off') return undefined;
  const { NodeTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, ConsoleSpanExporter } =
    await import('@opentelemetry/sdk-trace-node');
  const { Resource } = await import('@opentelemetry/resources');
  const otel = await import('@temporalio/interceptors-opentelemetry');
  const resource = new Resource({ 'service.name': process.env.OTEL_SERVICE_NAME ?? `clearway-${service}` });
  const spanProcessor = exporter
    ? new SimpleSpanProcessor(exporter)
    : config.CLEARWAY_OTEL === 'console'
      ? new SimpleSpanProcessor(new ConsoleSpanExporter())
      : new BatchSpanProcessor(
          new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter(),
        );
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // The global provider, context manager (AsyncLocalStorage) and W3C propagator: spans opened by the
  // API's request middleware are the parents of the client interceptor's.
  provider.register();
  const tracer = provider.getTracer('clearway');
  return {
    api: await import('@opentelemetry/api'),
    tracer,
    clientInterceptor: new otel.OpenTelemetryWorkflowClientInterceptor({ tracer }),
    worker: {
      interceptors: {
        activity: [
          (ctx) => ({
            inbound: new otel.OpenTelemetryActivityInboundInterceptor(ctx, { tracer }),
            outbound: new otel.OpenTelemetryActivityOutboundInterceptor(ctx),
          }),
        ],
      },
      sinks: { exporter: otel.makeWorkflowExporter(spanProcessor, resource) },
      workflowModules: [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')],
    },
    shutdown: () => provider.shutdown(),
  };
}
