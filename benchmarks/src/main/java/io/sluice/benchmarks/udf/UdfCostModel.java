package io.sluice.benchmarks.udf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link UdfCostModelBenchmark} and fits {@code time per batch = a * rows + b} by (weighted)
 * least squares for each function and variant, printing a, b, R² and how the wasm per-row cost
 * compares with the Java loop's.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.sluice.benchmarks.udf.UdfCostModel}
 */
public final class UdfCostModel {

  private UdfCostModel() {}

  /**
   * One fitted line, microseconds per batch against rows, by weighted least squares with weights
   * 1/time²: the timing noise grows with the time measured, so each point counts by its relative
   * error, and the small batches, which alone pin down the intercept {@code b}, are not drowned by
   * the large ones. R² is the weighted one.
   */
  record Fit(double a, double b, double r2, int points) {

    static Fit of(List<double[]> points) {
      double sw = 0;
      double sx = 0;
      double sy = 0;
      for (double[] p : points) {
        double w = 1 / (p[1] * p[1]);
        sw += w;
        sx += w * p[0];
        sy += w * p[1];
      }
      double mx = sx / sw;
      double my = sy / sw;
      double sxx = 0;
      double sxy = 0;
      double syy = 0;
      for (double[] p : points) {
        double w = 1 / (p[1] * p[1]);
        sxx += w * (p[0] - mx) * (p[0] - mx);
        sxy += w * (p[0] - mx) * (p[1] - my);
        syy += w * (p[1] - my) * (p[1] - my);
      }
      double a = sxy / sxx;
      double b = my - a * mx;
      double residual = 0;
      for (double[] p : points) {
        double e = p[1] - (a * p[0] + b);
        residual += e * e / (p[1] * p[1]);
      }
      return new Fit(a, b, 1 - residual / syy, points.size());
    }
  }

  /**
   * @param args JMH options, e.g. {@code -wi 3 -i 5}; none for the benchmark's own settings
   */
  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Options options =
        new OptionsBuilder()
            .parent(new CommandLineOptions(args))
            .include(UdfCostModelBenchmark.class.getName())
            .build();
    Collection<RunResult> results = new Runner(options).run();
    System.out.print(report(results));
  }

  /** Groups the results by function and variant, fits each group, and formats a table. */
  static String report(Collection<RunResult> results) {
    Map<String, List<double[]>> groups = new TreeMap<>();
    for (RunResult r : results) {
      String benchmark = r.getParams().getBenchmark();
      String variant = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String function = r.getParams().getParam("function");
      int rows = Integer.parseInt(r.getParams().getParam("rows"));
      double micros = r.getPrimaryResult().getScore();
      groups
          .computeIfAbsent(function + " " + variant, k -> new ArrayList<>())
          .add(new double[] {rows, micros});
    }
    StringBuilder out = new StringBuilder();
    out.append("\n| function | variant | a (ns/row) | b (µs/batch) | R² | points |\n");
    out.append("|---|---|---|---|---|---|\n");
    Map<String, Fit> fits = new TreeMap<>();
    for (Map.Entry<String, List<double[]>> group : groups.entrySet()) {
      Fit fit = Fit.of(group.getValue());
      fits.put(group.getKey(), fit);
      String[] key = group.getKey().split(" ");
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.3f | %.2f | %.5f | %d |%n",
              key[0],
              key[1],
              fit.a() * 1000,
              fit.b(),
              fit.r2(),
              fit.points()));
    }
    for (String function : List.of(BenchData.SCALE, BenchData.UPPER)) {
      Fit java = fits.get(function + " javaLoop");
      for (String variant : List.of("wasmBatch", "wasmBatchDirect")) {
        Fit wasm = fits.get(function + " " + variant);
        if (java != null && wasm != null) {
          out.append(
              String.format(
                  Locale.ROOT,
                  "%s %s: per-row cost %.2fx the Java loop's; fixed cost per batch %.2f µs%n",
                  function,
                  variant,
                  wasm.a() / java.a(),
                  wasm.b()));
        }
      }
    }
    for (Map.Entry<String, List<double[]>> group : groups.entrySet()) {
      out.append(group.getKey()).append(':');
      for (double[] p : group.getValue()) {
        out.append(String.format(Locale.ROOT, " %d=%.2fµs", (long) p[0], p[1]));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
