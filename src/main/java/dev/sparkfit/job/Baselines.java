package dev.sparkfit.job;

import dev.sparkfit.ml.Split;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/** The scores a trivial model gets, so a user can tell whether the network learned anything. */
final class Baselines {

    private Baselines() {
    }

    /** Validation MAE of always predicting the training rows' mean label (two aggregations). */
    static double meanPredictorMae(Split split, String label) {
        double mean = split.train().agg(avg(col(label))).first().getDouble(0);
        Row r = split.validation().agg(avg(abs(col(label).minus(lit(mean))))).first();
        return r.getDouble(0);
    }
}
