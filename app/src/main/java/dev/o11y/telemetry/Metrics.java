package dev.o11y.telemetry;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Properties;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.tracer.common.SpanContext;
import io.prometheus.metrics.tracer.agent.OpenTelemetryAgentSpanContext;
import io.micrometer.core.instrument.Clock;

/** The Prometheus registry behind /metrics, with exemplars from the OpenTelemetry agent's spans. */
public final class Metrics {

  private Metrics() {}

  public static PrometheusMeterRegistry newRegistry() {
    // region: exemplar-registry
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(
        exemplarsOnBucketsAndCountersOnly(), new PrometheusRegistry(), Clock.SYSTEM, spanContext());
    // endregion
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    BuildInfo.load().register(registry);
    DependencyInfo.register(registry);
    return registry;
  }

  // region: exemplars-buckets-only
  /**
   * Micrometer's default puts exemplars on every metric type, including a histogram's _count
   * line. Prometheus 2.x rejects the whole OpenMetrics scrape for that (seen with 2.42);
   * 3.16 stores it. Buckets and counters only: what exemplars mean, and what every version takes.
   */
  private static PrometheusConfig exemplarsOnBucketsAndCountersOnly() {
    Properties properties = new Properties();
    properties.putAll(PrometheusConfig.DEFAULT.prometheusProperties());
    properties.setProperty("io.prometheus.exporter.exemplarsOnAllMetricTypes", "false");
  // endregion
    return new PrometheusConfig() {
      @Override
      public String get(String key) {
        return null;
      }

      @Override
      public Properties prometheusProperties() {
        return properties;
      }
    };
  }

  // region: exemplar-span-context
  /** With the agent, exemplars carry the current trace; without it, there are none. */
  private static SpanContext spanContext() {
    return OpenTelemetryAgentSpanContext.isAvailable() ? new OpenTelemetryAgentSpanContext() : null;
  }
  // endregion
}
