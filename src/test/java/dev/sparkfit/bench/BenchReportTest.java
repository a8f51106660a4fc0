package dev.sparkfit.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text table's last line names the GEMM limit only when the gemm probe ran. */
class BenchReportTest {

    private static BenchOptions options(List<String> systems) {
        return new BenchOptions("train.csv", "test.csv", 5, List.of(128, 64), 64, 0.001, "local[2]", 2, 42, systems);
    }

    private static final BenchResult SPARKFIT = new BenchResult("sparkfit-epoch", "", List.of(1.0, 0.9), 0.97, 3.0,
            Double.NaN, 9.0, 11.0);

    @Test
    void withoutTheGemmProbeTheLimitIsLeftOut() {
        String text = new BenchReport(options(List.of("sparkfit-epoch")), List.of(SPARKFIT), 60_000).text();
        assertTrue(text.contains("one epoch = "), text);
        assertFalse(text.contains("GEMM limit"), text);
        assertFalse(text.contains("NaN s/epoch"), text);
    }

    @Test
    void withTheGemmProbeTheLimitIsPrinted() {
        BenchResult gemm = new BenchResult("gemm", "", List.of(0.01), Double.NaN, 0.1, 20.0);
        String text = new BenchReport(options(List.of("gemm", "sparkfit-epoch")), List.of(gemm, SPARKFIT), 60_000)
                .text();
        assertTrue(text.contains("GEMM limit on "), text);
        assertFalse(text.contains("NaN s/epoch"), text);
    }
}
