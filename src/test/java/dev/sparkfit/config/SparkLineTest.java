package dev.sparkfit.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine DL4J's Spark module provides runs on Spark 3.5 and is a spec error on Spark 4, on either build. */
class SparkLineTest {

    @Test
    void dl4jParamAvgNeedsTheSpark35Line() {
        String yaml = SpecLoaderTest.MINIMAL + "training: {engine: dl4j-paramavg}\n";
        assertTrue(SparkLine.major() == 3 || SparkLine.major() == 4, SparkLine.VERSION);
        if (SparkLine.dl4jSparkAvailable()) {
            assertEquals(Engine.DL4J_PARAMAVG, SpecLoader.parse(yaml, "conf/x.yaml", List.of()).training().engine());
        } else {
            assertEquals("conf/x.yaml: training.engine: 'dl4j-paramavg' needs Spark 3.5: DL4J's Spark module exists"
                    + " for Scala 2.12 only, and this is Spark " + SparkLine.VERSION
                    + " (Scala 2.13); use averaging or averaging-dl4j-fit", SpecErrorsTest.error(yaml));
        }
    }

    @Test
    void everyOtherEngineRunsOnEitherLine() {
        assertTrue(SparkLine.unsupported(Engine.AVERAGING).isEmpty());
        assertTrue(SparkLine.unsupported(Engine.AVERAGING_DL4J_FIT).isEmpty());
    }
}
